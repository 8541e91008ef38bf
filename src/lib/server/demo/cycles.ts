/**
 * Demo data of the cycles module for Example City: a closed cycle whose plan was completed, the
 * current cycle in the action-plan phase with goals and actions assigned to the demo editor and
 * field accounts (some due this week), and KPIs with readings.
 */
import type { Actor } from '../../domain/auth/policies';
import type { Role } from '../../domain/auth/roles';
import { readChecklist, updateItem } from '../../domain/checklist/doc';
import { addDays, todayIn } from '../../domain/cycles/week';
import { addAction, addGoal, type NewAction } from '../../domain/plan/doc';
import { newId } from '../auth/tokens';
import type { AppContext } from '../context';
import { liveDocs } from '../docs/live';
import { createCycleService } from '../cycles/service';
import { createKpiService } from '../kpis/service';

interface DemoGoal {
	title: string;
	focus: string;
	target?: number;
	actions: Omit<NewAction, 'id'>[];
}

function fillPlan(ctx: AppContext, planDoc: string, goals: DemoGoal[], focusIds: Map<string, string>) {
	liveDocs(ctx).change(planDoc, (doc) => {
		for (const g of goals) {
			const goalId = newId();
			addGoal(doc, { id: goalId, title: g.title, focusAreaId: focusIds.get(g.focus) ?? null, target: g.target ?? null });
			for (const a of g.actions) addAction(doc, goalId, { id: newId(), ...a });
		}
	});
}

/** Ticks the checklist items of the given phases (and assigns one of each to `owner`). */
function tick(ctx: AppContext, checklistDoc: string, phases: string[], owner: string, due: string) {
	liveDocs(ctx).change(checklistDoc, (doc) => {
		const items = readChecklist(doc).items;
		for (const it of items) if (phases.includes(it.phase)) updateItem(doc, it.id, { done: true, assignee: owner });
		const open = items.find((it) => !phases.includes(it.phase));
		if (open) updateItem(doc, open.id, { assignee: owner, due });
	});
}

export async function seedCycleDemo(ctx: AppContext, orgId: string, users: Record<Role, string>): Promise<void> {
	const analyst: Actor = { id: users.analyst, organizationId: orgId, role: 'analyst' };
	const cycles = createCycleService(ctx);
	const kpis = createKpiService(ctx);
	const focus = new Map(kpis.focusAreas(analyst).map((f) => [f.name, f.id]));
	const today = todayIn('America/New_York');
	const d = (n: number) => addDays(today, n);

	// KPIs with monthly readings.
	const repair = kpis.create(analyst, {
		name: 'Days to repair a reported pothole',
		unit: ' days',
		direction: 'lower',
		baseline: 12,
		target: 5,
		targetDate: d(120),
		baselineDate: d(-180),
		source: 'manual',
		focusAreaId: focus.get('Streets and sidewalks') ?? '',
		ownerId: users.editor
	});
	const parks = kpis.create(analyst, {
		name: 'Residents satisfied with park upkeep',
		unit: '%',
		direction: 'higher',
		baseline: 62,
		target: 75,
		targetDate: d(150),
		source: 'csv',
		focusAreaId: focus.get('Parks and recreation') ?? '',
		ownerId: users.editor
	});
	kpis.create(analyst, {
		name: 'Calls answered within 60 seconds',
		unit: '%',
		direction: 'higher',
		baseline: 71,
		target: 90,
		targetDate: d(200),
		source: 'survey_question',
		sourceRef: 'q_contact_speed',
		focusAreaId: focus.get('Customer service') ?? ''
	});
	const repairDays = [12, 11.2, 10.1, 9.4, 8.3, 7.6];
	repairDays.forEach((value, i) =>
		kpis.addReading(analyst, repair.id, { date: d(-150 + i * 30), value, note: i === 0 ? 'Baseline month' : '' })
	);
	kpis.importCsv(analyst, parks.id, ['date,value', `${d(-120)},62`, `${d(-60)},64.5`, `${d(-5)},66`].join('\n'));

	// The previous cycle: done and closed.
	const fall = cycles.create(analyst, {
		name: 'Fall quarterly evaluation',
		kind: 'quarterly_evaluation',
		periodStart: d(-200),
		periodEnd: d(-110),
		focusAreaIds: [focus.get('Streets and sidewalks'), focus.get('Sanitation')].filter(Boolean)
	});
	fillPlan(
		ctx,
		fall.planDoc,
		[
			{
				title: 'Fewer missed trash pickups',
				focus: 'Sanitation',
				actions: [
					{ title: 'Route audit with the haulers', owner: users.editor, due: d(-150), status: 'done', progress: 100 },
					{ title: 'Text alerts for schedule changes', owner: users.field, due: d(-130), status: 'done', progress: 100 }
				]
			},
			{
				title: 'Faster pothole repair',
				focus: 'Streets and sidewalks',
				actions: [{ title: 'Second patch crew on weekends', owner: users.field, due: d(-120), status: 'done', progress: 100 }]
			}
		],
		focus
	);
	tick(ctx, fall.checklistDoc, ['planning', 'feedback', 'action', 'followup'], users.analyst, d(-115));
	for (let i = 0; i < 3; i++) cycles.advance(analyst, fall.id, { confirm: true });
	cycles.close(analyst, fall.id);

	// The current cycle, started from the previous one, now building and doing its plan.
	const spring = cycles.startNext(analyst, fall.id, {
		name: 'Spring community survey cycle',
		kind: 'annual_survey',
		periodStart: d(-45),
		periodEnd: d(60)
	});
	cycles.setFocusAreas(
		analyst,
		spring.id,
		[focus.get('Streets and sidewalks'), focus.get('Parks and recreation'), focus.get('Customer service')].filter((x): x is string => !!x)
	);
	fillPlan(
		ctx,
		spring.planDoc,
		[
			{
				title: 'Repair potholes within five days',
				focus: 'Streets and sidewalks',
				target: 5,
				actions: [
					{ title: 'Publish a live repair map', owner: users.editor, due: d(3), status: 'on_track', progress: 40, priority: 'high' },
					{ title: 'Inspect the ten worst streets in Eastfield', owner: users.field, due: d(2), status: 'on_track', progress: 30 },
					{ title: 'Buy a second hot-patch trailer', owner: users.editor, due: d(20), status: 'not_started', progress: 0 }
				]
			},
			{
				title: 'Cleaner, better kept parks',
				focus: 'Parks and recreation',
				target: 75,
				actions: [
					{
						title: 'Weekly litter walk in Riverside Park',
						owner: users.field,
						due: d(5),
						status: 'at_risk',
						progress: 20,
						priority: 'high'
					},
					{ title: 'Replace broken benches at Harbor Green', owner: users.field, due: d(12), status: 'not_started', progress: 0 },
					{ title: 'Volunteer clean-up day', owner: users.editor, due: d(30), status: 'not_started', progress: 0, priority: 'low' }
				]
			},
			{
				title: 'Answer calls faster',
				focus: 'Customer service',
				target: 90,
				actions: [
					{ title: 'Call-back option when the wait is over two minutes', owner: users.editor, due: d(25), status: 'blocked', progress: 10 }
				]
			}
		],
		focus
	);
	tick(ctx, spring.checklistDoc, ['planning', 'feedback'], users.analyst, d(4));
	cycles.advance(analyst, spring.id, { confirm: true });
	cycles.advance(analyst, spring.id, { confirm: true });
}

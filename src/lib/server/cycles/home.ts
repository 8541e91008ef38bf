/**
 * The cycle home, read from projections (never from documents in the request path): phase
 * progress of the checklist, what is due this week (checklist items and plan actions), the plan's
 * roll-up, focus areas and the timeline.
 */
import { PHASES, PHASE_LABELS, type Phase } from '../../domain/checklist/doc';
import { nextPhase } from '../../domain/cycles/phases';
import { dueWithin, todayIn } from '../../domain/cycles/week';
import { can, type Actor } from '../../domain/auth/policies';
import { ACTION_STATUS_LABELS, type ActionStatus } from '../../domain/plan/doc';
import { planRollup, type PlanRollup } from '../../domain/plan/rollup';
import { organizationRepo, userRepo } from '../accounts/repository';
import type { AppContext } from '../context';
import { planProjectionRepo } from '../plans/repository';
import { presentCycle, presentTimelineEntry, type CycleView, type TimelineEntry } from './presenter';
import { surveyRepo } from '../surveys/repository';
import { cycleChecklistRepo, cycleFocusRepo, timelineRepo } from './repository';
import { createCycleService } from './service';

export interface DueEntry {
	kind: 'checklist' | 'action';
	id: string;
	title: string;
	due: string;
	overdue: boolean;
	who: string | null;
	status: string;
}

export interface CycleHome {
	cycle: CycleView;
	phases: { phase: Phase; label: string; done: number; total: number; current: boolean; past: boolean }[];
	next: { phase: Phase; label: string } | null;
	openInPhase: { id: string; text: string }[];
	due: DueEntry[];
	today: string;
	rollup: PlanRollup;
	focusAreas: { id: string; name: string }[];
	timeline: TimelineEntry[];
	canManage: boolean;
	canEditPlan: boolean;
	/** linked surveys (the questionnaire first) and whether their results may be opened */
	surveys: { id: string; title: string; kind: string; status: string; questionnaire: boolean }[];
	canReadResults: boolean;
	/** the organization's surveys not linked yet (for managers) */
	linkable: { id: string; title: string; status: string }[];
}

export function cycleHome(ctx: AppContext, actor: Actor, id: string, now = new Date()): CycleHome {
	const { db } = ctx.database;
	const service = createCycleService(ctx);
	const c = service.load(actor, id);
	const surveys = service.surveys(actor, id);
	const canManage = can(actor, 'cycle.manage', c) && c.status === 'active';
	const org = c.organizationId;
	const names = new Map(userRepo.list(db, org).map((u) => [u.id, u.name]));
	const items = cycleChecklistRepo.items(db, org, c.checklistDoc);
	const goals = planProjectionRepo.goals(db, org, c.planDoc);
	const actions = planProjectionRepo.actions(db, org, c.planDoc);
	const today = todayIn(organizationRepo.get(db, org)?.timeZone ?? 'UTC', now);
	const current = PHASES.indexOf(c.phase);
	const phases = PHASES.map((phase, i) => {
		const mine = items.filter((it) => it.phase === phase);
		return {
			phase,
			label: PHASE_LABELS[phase],
			done: mine.filter((it) => it.done).length,
			total: mine.length,
			current: i === current,
			past: i < current
		};
	});
	const due = dueWithin(
		[
			...items.map((i) => ({
				kind: 'checklist' as const,
				id: i.itemId,
				title: i.text,
				due: i.due,
				done: i.done,
				who: i.assignee,
				status: i.done ? 'Done' : 'Open'
			})),
			...actions.map((a) => ({
				kind: 'action' as const,
				id: a.actionId,
				title: a.title,
				due: a.due,
				done: a.status === 'done',
				who: a.owner,
				status: ACTION_STATUS_LABELS[a.status as ActionStatus] ?? a.status
			}))
		],
		today
	).map((d) => ({
		kind: d.kind,
		id: d.id,
		title: d.title || 'Untitled',
		due: d.due,
		overdue: d.overdue,
		who: d.who ? (names.get(d.who) ?? 'Former member') : null,
		status: d.status
	}));
	const rollup = planRollup({
		goals: goals.map((g) => ({
			actions: actions.filter((a) => a.goalId === g.goalId).map((a) => ({ status: a.status as ActionStatus, progress: a.progress }))
		}))
	});
	const next = c.status === 'active' ? nextPhase(c.phase) : null;
	return {
		cycle: presentCycle(c, c.ownerId ? (names.get(c.ownerId) ?? null) : null),
		phases,
		next: next ? { phase: next, label: PHASE_LABELS[next] } : null,
		openInPhase: items.filter((i) => i.phase === c.phase && !i.done).map((i) => ({ id: i.itemId, text: i.text })),
		due,
		today,
		rollup,
		focusAreas: cycleFocusRepo.list(db, org, c.id).map((f) => ({ id: f.id, name: f.name })),
		timeline: timelineRepo.list(db, org, c.id).map(presentTimelineEntry),
		canManage,
		canEditPlan: can(actor, 'plan.edit', c),
		surveys,
		canReadResults: can(actor, 'results.read', c),
		linkable: canManage
			? surveyRepo
					.list(db, org)
					.filter((s) => !surveys.some((l) => l.id === s.id))
					.map((s) => ({ id: s.id, title: s.title, status: s.status }))
			: []
	};
}

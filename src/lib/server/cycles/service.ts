/**
 * Cycle use-cases: list, create (with its checklist and action plan documents, seeded here on the
 * server), move to the next phase (listing what is still open, with confirmation), close, and
 * start the next cycle from one (carrying focus areas, open actions and the questionnaire).
 */
import * as Y from 'yjs';
import { can, type Action, type Actor } from '../../domain/auth/policies';
import { PHASE_LABELS, readChecklist, seedChecklist, type Phase } from '../../domain/checklist/doc';
import { CYCLE_STEPS, stepsFromTemplate, templateDocName } from '../../domain/checklist/template';
import { advance, carryOver, type OpenItem } from '../../domain/cycles/phases';
import { advanceInput, createCycleInput } from '../../domain/cycles/schemas';
import { AppError } from '../../domain/errors';
import { readPlan, type Goal } from '../../domain/plan/doc';
import { openGoals, seedPlan } from '../../domain/plan/seed';
import { parse } from '../../domain/validation';
import { docName } from '../../sync/protocol';
import { activityRepo, userRepo } from '../accounts/repository';
import { newId } from '../auth/tokens';
import type { AppContext } from '../context';
import { docRepo } from '../docs/repository';
import { insertDocInTx } from '../docs/service';
import { liveDocs } from '../docs/live';
import { presentCycle, presentCycleSummary, presentTimelineEntry, type CycleView } from './presenter';
import { surveyRepo } from '../surveys/repository';
import { cycleChecklistRepo, cycleFocusRepo, cycleRepo, cycleSurveyRepo, timelineRepo, type CycleRow } from './repository';

export function need(actor: Actor, action: Action, subject?: { organizationId: string }): void {
	if (!can(actor, action, subject)) throw new AppError('auth.forbidden', 'You do not have permission to do that.');
}

export function createCycleService(ctx: Pick<AppContext, 'database'> & Partial<AppContext>) {
	const { db, tx } = ctx.database;
	const live = () => liveDocs(ctx as AppContext);

	/** A cycle of the actor's organization; another organization's id reads as "no such cycle". */
	function load(actor: Actor, id: string): CycleRow {
		need(actor, 'doc.read');
		const c = cycleRepo.get(db, actor.organizationId, id);
		if (!c) throw new AppError('cycle.not_found', 'This cycle does not exist, or you do not have access to it.');
		return c;
	}

	/** The steps new cycles of `org` start with: its own template once it has one, else CYCLE_STEPS. */
	function checklistSteps(org: string): { phase: Phase; text: string }[] {
		const name = templateDocName(org);
		if (!docRepo.get(db, name)) return [...CYCLE_STEPS];
		const d = live().read(name);
		try {
			return stepsFromTemplate(readChecklist(d).items);
		} finally {
			d.destroy();
		}
	}

	/** The organization's checklist template document, created (from CYCLE_STEPS, once) on first use. */
	function ensureTemplate(actor: Actor): string {
		need(actor, 'cycle.manage');
		const name = templateDocName(actor.organizationId);
		if (docRepo.get(db, name)) return name;
		const ydoc = new Y.Doc();
		seedChecklist(ydoc, 'Checklist template for new cycles', [...CYCLE_STEPS], newId);
		tx((t) => {
			if (docRepo.get(t, name)) return; // someone else created it first
			insertDocInTx(
				t,
				{ name, organizationId: actor.organizationId, kind: 'checklist', title: 'Checklist template for new cycles', createdBy: actor.id },
				ydoc
			);
		});
		ydoc.destroy();
		return name;
	}

	function openInPhase(c: CycleRow): OpenItem[] {
		return cycleChecklistRepo
			.items(db, c.organizationId, c.checklistDoc)
			.filter((i) => i.phase === c.phase && !i.done)
			.map((i) => ({ id: i.itemId, text: i.text }));
	}

	function create(actor: Actor, input: unknown, from?: CycleRow): CycleView {
		need(actor, 'cycle.manage');
		const data = parse(createCycleInput, input);
		const org = actor.organizationId;
		if (data.ownerId && !userRepo.get(db, org, data.ownerId))
			throw new AppError('validation.failed', 'Check ownerId.', { fields: { ownerId: 'Choose a member of your organization.' } });
		let focus = data.focusAreaIds;
		let carried: Goal[] = [];
		let surveyId: string | null = null;
		if (from) {
			const plan = live().read(from.planDoc);
			const previous = readPlan(plan);
			plan.destroy();
			const c = carryOver({
				focusAreaIds: [...cycleFocusRepo.list(db, org, from.id).map((f) => f.id), ...focus],
				actions: previous.goals.flatMap((g) => g.actions),
				surveyId: from.surveyId
			});
			focus = c.focusAreaIds;
			surveyId = c.questionnaireFromSurveyId;
			carried = openGoals(previous);
		}
		const known = cycleFocusRepo.existing(db, org, focus);
		if (known.length !== new Set(focus).size)
			throw new AppError('validation.failed', 'Check focusAreaIds.', {
				fields: { focusAreaIds: 'Choose focus areas of your organization.' }
			});

		const id = newId();
		const checklist = new Y.Doc();
		seedChecklist(checklist, `${data.name} checklist`, checklistSteps(org), newId);
		const plan = new Y.Doc();
		seedPlan(plan, { title: `${data.name} action plan`, cycleId: id, carried, makeId: newId });
		const row: CycleRow = {
			id,
			organizationId: org,
			name: data.name,
			kind: data.kind,
			periodStart: data.periodStart,
			periodEnd: data.periodEnd,
			ownerId: data.ownerId ?? actor.id,
			phase: 'planning',
			status: 'active',
			checklistDoc: docName('checklist', id),
			planDoc: docName('actionplan', id),
			surveyId,
			previousCycleId: from?.id ?? null,
			createdBy: actor.id,
			createdAt: new Date(),
			closedAt: null
		};
		tx((t) => {
			const doc = { organizationId: org, createdBy: actor.id };
			insertDocInTx(t, { ...doc, name: row.checklistDoc, kind: 'checklist', title: `${data.name} checklist` }, checklist);
			insertDocInTx(t, { ...doc, name: row.planDoc, kind: 'actionplan', title: `${data.name} action plan` }, plan);
			cycleRepo.insert(t, row);
			cycleFocusRepo.set(t, org, id, known);
			activityRepo.record(t, {
				organizationId: org,
				actorId: actor.id,
				type: from ? 'cycle.started_from' : 'cycle.created',
				subject: id,
				data: from
					? { detail: `From “${from.name}”: ${carried.reduce((n, g) => n + g.actions.length, 0)} open action(s) carried over` }
					: { detail: data.name }
			});
		});
		checklist.destroy();
		plan.destroy();
		return presentCycle(row);
	}

	return {
		load,
		ensureTemplate,
		/** The steps the next new cycle's checklist starts with (the blank printable uses them too). */
		templateSteps(actor: Actor): { phase: Phase; text: string }[] {
			need(actor, 'doc.read');
			return checklistSteps(actor.organizationId);
		},
		/** Whether the organization has its own template yet (else new cycles use the built-in steps). */
		hasOwnTemplate(actor: Actor): boolean {
			return !!docRepo.get(db, templateDocName(actor.organizationId));
		},

		list(actor: Actor): CycleView[] {
			need(actor, 'doc.read');
			return cycleRepo.list(db, actor.organizationId).map((r) => presentCycle(r.cycle, r.ownerName));
		},

		/** For `GET /api/v1/cycles`. */
		summaries(actor: Actor) {
			need(actor, 'doc.read');
			return cycleRepo.list(db, actor.organizationId).map((r) => presentCycleSummary(r.cycle));
		},

		create: (actor: Actor, input: unknown) => create(actor, input),

		/** A new cycle carrying over focus areas, open actions and the questionnaire of `fromId`. */
		startNext(actor: Actor, fromId: string, input: unknown): CycleView {
			return create(actor, input, load(actor, fromId));
		},

		/** The checklist items of the current phase not done (the projection, brought up to date). */
		openItems(actor: Actor, id: string): OpenItem[] {
			const c = load(actor, id);
			live().refreshProjection(c.checklistDoc);
			return openInPhase(c);
		},

		/** Moves to the next phase; with open items only when `confirm` is set. */
		advance(actor: Actor, id: string, input: unknown): CycleView {
			const c = load(actor, id);
			need(actor, 'cycle.manage', c);
			const { confirm } = parse(advanceInput, input);
			live().refreshProjection(c.checklistDoc);
			const open = openInPhase(c);
			const r = advance(c, open, confirm);
			if (!r.ok) {
				if (r.reason === 'closed') throw new AppError('cycle.closed', 'This cycle is closed.');
				if (r.reason === 'last_phase') throw new AppError('cycle.last_phase', 'Follow-up is the last phase: close the cycle instead.');
				throw new AppError(
					'cycle.open_items',
					`${open.length} item(s) of ${PHASE_LABELS[c.phase]} are still open. Confirm to move on anyway.`
				);
			}
			tx((t) => {
				if (cycleRepo.movePhase(t, c.organizationId, c.id, c.phase, r.to) === 0)
					throw new AppError('conflict', 'Someone else moved this cycle on just now. Reload to see where it is.');
				activityRepo.record(t, {
					organizationId: c.organizationId,
					actorId: actor.id,
					type: 'cycle.phase_changed',
					subject: c.id,
					data: {
						detail: `${PHASE_LABELS[c.phase]} → ${PHASE_LABELS[r.to]}${r.leftOpen.length ? ` (${r.leftOpen.length} left open)` : ''}`
					}
				});
			});
			return presentCycle({ ...c, phase: r.to });
		},

		close(actor: Actor, id: string): CycleView {
			const c = load(actor, id);
			need(actor, 'cycle.manage', c);
			if (c.status === 'closed') throw new AppError('cycle.closed', 'This cycle is already closed.');
			const closedAt = new Date();
			tx((t) => {
				cycleRepo.update(t, c.organizationId, c.id, { status: 'closed', closedAt });
				activityRepo.record(t, { organizationId: c.organizationId, actorId: actor.id, type: 'cycle.closed', subject: c.id });
			});
			return presentCycle({ ...c, status: 'closed', closedAt });
		},

		setFocusAreas(actor: Actor, id: string, ids: string[]): void {
			const c = load(actor, id);
			need(actor, 'cycle.manage', c);
			const known = cycleFocusRepo.existing(db, c.organizationId, ids);
			tx((t) => {
				cycleFocusRepo.set(t, c.organizationId, c.id, known);
				activityRepo.record(t, { organizationId: c.organizationId, actorId: actor.id, type: 'cycle.focus_changed', subject: c.id });
			});
		},

		focusAreas(actor: Actor, id: string) {
			const c = load(actor, id);
			return cycleFocusRepo.list(db, c.organizationId, c.id);
		},

		/** The surveys linked to a cycle; its questionnaire (carried over to the next cycle) first. */
		surveys(actor: Actor, id: string) {
			const c = load(actor, id);
			const linked = cycleSurveyRepo.list(db, c.organizationId, c.id);
			const q = c.surveyId ? surveyRepo.get(db, c.organizationId, c.surveyId) : undefined;
			const all =
				q && !linked.some((s) => s.id === q.id) ? [{ id: q.id, title: q.title, kind: q.kind, status: q.status }, ...linked] : linked;
			return all
				.map((s) => ({ id: s.id, title: s.title, kind: s.kind, status: s.status, questionnaire: s.id === c.surveyId }))
				.sort((a, b) => Number(b.questionnaire) - Number(a.questionnaire));
		},

		/**
		 * Links a survey of the organization to the cycle. The first survey linked to a cycle
		 * without a questionnaire becomes its questionnaire (what "start the next cycle" carries over).
		 */
		linkSurvey(actor: Actor, id: string, surveyId: string): { title: string } {
			const c = load(actor, id);
			need(actor, 'cycle.manage', c);
			const s = typeof surveyId === 'string' && surveyId ? surveyRepo.get(db, c.organizationId, surveyId) : undefined;
			if (!s)
				throw new AppError('survey.not_found', 'No such survey in your organization.', {
					fields: { surveyId: 'Choose a survey of your organization.' }
				});
			tx((t) => {
				if (!cycleSurveyRepo.link(t, { organizationId: c.organizationId, cycleId: c.id, surveyId: s.id, linkedBy: actor.id })) return;
				if (!c.surveyId) cycleRepo.update(t, c.organizationId, c.id, { surveyId: s.id });
				activityRepo.record(t, {
					organizationId: c.organizationId,
					actorId: actor.id,
					type: 'cycle.survey_linked',
					subject: c.id,
					data: { detail: s.title }
				});
			});
			return { title: s.title };
		},

		/** Unlinks a survey; unlinking the questionnaire leaves the cycle without one. */
		unlinkSurvey(actor: Actor, id: string, surveyId: string): { title: string } {
			const c = load(actor, id);
			need(actor, 'cycle.manage', c);
			const s = typeof surveyId === 'string' && surveyId ? surveyRepo.get(db, c.organizationId, surveyId) : undefined;
			if (!s) throw new AppError('survey.not_found', 'No such survey in your organization.');
			tx((t) => {
				const removed = cycleSurveyRepo.unlink(t, c.organizationId, c.id, s.id);
				const wasQuestionnaire = c.surveyId === s.id;
				if (wasQuestionnaire) cycleRepo.update(t, c.organizationId, c.id, { surveyId: null });
				if (removed || wasQuestionnaire)
					activityRepo.record(t, {
						organizationId: c.organizationId,
						actorId: actor.id,
						type: 'cycle.survey_unlinked',
						subject: c.id,
						data: { detail: s.title }
					});
			});
			return { title: s.title };
		},

		/** The ids of the organization's cycles a survey is linked to. */
		cyclesOfSurvey(actor: Actor, surveyId: string): string[] {
			need(actor, 'doc.read');
			return cycleSurveyRepo.cyclesOf(db, actor.organizationId, surveyId);
		},

		timeline(actor: Actor, id: string) {
			const c = load(actor, id);
			return timelineRepo.list(db, c.organizationId, c.id).map(presentTimelineEntry);
		}
	};
}

export type CycleService = ReturnType<typeof createCycleService>;

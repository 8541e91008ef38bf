/**
 * Action plan use-cases outside the live editor: the editor page's context, "My actions" (from
 * the `plan_actions` projection), one action with its progress timeline, saved versions (save,
 * list, restore), the per-edit history (who changed what and when, from the sync store's record
 * of each stored update and its author) with "restore this version", and "add to plan" from a
 * survey result. Every change to a plan goes through the sync engine (`liveDocs().change`), so
 * connected editors see it at once and the history records who made it.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { can, type Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import { addGoal, planReader, type Plan } from '../../domain/plan/doc';
import {
	encodeEvidence,
	evidenceSummary,
	goalDraft,
	goalFromResultInput,
	resultEvidence,
	type ResultEvidence
} from '../../domain/plan/from-result';
import { describePlanChanges, groupEdits, pageOfGroups, summarize, type EditGroup } from '../../domain/plan/history';
import { applyAll, stateAfter, type StateSource } from '../../domain/plan/history-states';
import { revertUpdate } from '../../domain/plan/restore';
import { fieldErrors, parse } from '../../domain/validation';
import { organizationRepo } from '../accounts/repository';
import { todayIn } from '../../domain/cycles/week';
import { cycleFocusRepo, cycleSurveyRepo } from '../cycles/repository';
import { createResultsService } from '../results/service';
import { activityRepo, userRepo } from '../accounts/repository';
import { newId } from '../auth/tokens';
import type { AppContext } from '../context';
import { createCycleService, need } from '../cycles/service';
import { docAccess } from '../docs/service';
import { liveDocs } from '../docs/live';
import { createKpiService } from '../kpis/service';
import { createProgressService } from '../progress/service';
import { byDue, presentAssignedAction, type AssignedActionView, type PlanVersionView } from './presenter';
import { historyStateRepo, planProjectionRepo, planVersionRepo } from './repository';

/** A benchmark for the question when the results carry one (a fraction 0–1), else null. */
/** How many sessions of edits the history page describes (each needs two plan states). */
export const HISTORY_GROUPS = 20;

export interface HistoryGroupView {
	/** the last recorded edit of the group: "restore this version" brings the plan back to it */
	upTo: number;
	author: string;
	start: string;
	end: string;
	edits: number;
	summary: string;
	changes: string[];
}

/** One page of the edit history: sessions newest first, and the cursors of the pages around it. */
export interface HistoryPageView {
	groups: HistoryGroupView[];
	/** how many sessions the plan's whole history has */
	total: number;
	/** whether this page ends with the newest session (its first session is the current version) */
	latest: boolean;
	/** the `before` cursor of the next older page, or null when this page reaches the first edit */
	older: number | null;
	/** the page of newer sessions (`before: null` is the newest page), or null on the newest page */
	newer: { before: number | null } | null;
}

/** The query of the history page: `before`, the id of a recorded edit (optional). */
export const historyQuery = z.object({
	before: z
		.string()
		.regex(/^[1-9][0-9]{0,14}$/, 'The “before” parameter must be the number of a recorded edit, as in the “Older edits” link.')
		.transform(Number)
		.optional()
});

function parseHistoryQuery(query: unknown): { before?: number } {
	const r = historyQuery.safeParse(query);
	if (r.success) return r.data;
	const fields = fieldErrors(r.error);
	throw new AppError('validation.failed', fields.before ?? 'The history page query is not valid.', { fields });
}

export function createPlanService(ctx: AppContext) {
	const { db, tx } = ctx.database;
	const cycles = createCycleService(ctx);

	/** The evidence of one question of one survey of the actor's organization, computed now. */
	function evidenceFor(actor: Actor, surveyId: string, questionKey: string): { evidence: ResultEvidence; focusArea: string } {
		const r = createResultsService(ctx).results(actor, surveyId);
		const q = r.questions.find((x) => x.key === questionKey);
		if (!q)
			throw new AppError('not_found', 'This survey has no scored question with that key.', {
				fields: { questionKey: 'Choose a scored question of this survey.' }
			});
		const e = q.weighted.n > 0 ? q.weighted : q.unweighted;
		return {
			evidence: resultEvidence({
				surveyId: r.survey.id,
				surveyTitle: r.survey.title,
				questionKey: q.key,
				questionText: q.text,
				percentPositive: e.percentPositive,
				moe: e.moe,
				n: e.n,
				previous: q.previous ? { surveyTitle: q.previous.title, percentPositive: q.previous.percentPositive } : null,
				benchmark: q.benchmark?.value ?? null
			}),
			focusArea: q.focusArea
		};
	}

	/**
	 * Where the plan states of `planDoc`'s history come from: saved states (written on the way
	 * when missing) and the recorded entries of an id range.
	 */
	function statesOf(planDoc: string): StateSource {
		return {
			nearest: (id) => historyStateRepo.nearest(db, planDoc, id),
			range: (fromId, toId) => liveDocs(ctx).historyRange(planDoc, fromId, toId),
			save: (s) => {
				// derived data: a page is still answered when it cannot be kept (the next request builds it again)
				try {
					historyStateRepo.save(db, planDoc, s);
				} catch (err) {
					ctx.log.warn({ err: (err as Error).message, doc: planDoc }, 'plan.history_state_not_saved');
				}
			}
		};
	}
	return {
		/** What the plan editor needs besides the document: access, members, focus areas, KPIs. */
		editor(actor: Actor, cycleId: string) {
			const c = cycles.load(actor, cycleId);
			const access = docAccess(actor, { kind: 'actionplan', organizationId: c.organizationId });
			const kpis = createKpiService(ctx).list(actor);
			return {
				cycle: { id: c.id, name: c.name, status: c.status },
				planDoc: c.planDoc,
				canWrite: access.write,
				members: userRepo
					.list(db, c.organizationId)
					.filter((u) => !u.disabledAt)
					.map((u) => ({ id: u.id, name: u.name })),
				focusAreas: createKpiService(ctx)
					.focusAreas(actor)
					.map((f) => ({ id: f.id, name: f.name })),
				kpis: kpis.map((k) => ({ id: k.id, name: k.name }))
			};
		},

		/** The title of one goal of the cycle's plan (from the projection), or null. */
		goalTitle(actor: Actor, cycleId: string, goalId: string): string | null {
			const c = cycles.load(actor, cycleId);
			return planProjectionRepo.goals(db, c.organizationId, c.planDoc).find((g) => g.goalId === goalId)?.title ?? null;
		},

		/** Actions assigned to the actor across the organization's plans, by due date. */
		myActions(actor: Actor, includeDone = false): AssignedActionView[] {
			need(actor, 'doc.read');
			return planProjectionRepo.assignedTo(db, actor.organizationId, actor.id, includeDone).map(presentAssignedAction).sort(byDue);
		},

		/** One action (from the projection) and its progress timeline. */
		action(actor: Actor, actionId: string) {
			need(actor, 'doc.read');
			const a = planProjectionRepo.action(db, actor.organizationId, actionId);
			if (!a) throw new AppError('action.not_found', 'This action does not exist, or you do not have access to it.');
			const goal = planProjectionRepo.goals(db, a.organizationId, a.docName).find((g) => g.goalId === a.goalId);
			const cycle = cycles.list(actor).find((c) => c.planDoc === a.docName) ?? null;
			const owner = a.owner ? (userRepo.get(db, a.organizationId, a.owner)?.name ?? 'Former member') : null;
			return {
				action: presentAssignedAction({
					action: a,
					goalTitle: goal?.title ?? null,
					cycleId: cycle?.id ?? null,
					cycleName: cycle?.name ?? null,
					planTitle: ''
				}),
				owner,
				mine: a.owner === actor.id,
				logs: createProgressService(ctx).list(actor, actionId)
			};
		},

		/** What the "add to plan" page shows: the question, its evidence, the cycles, a prefilled goal. */
		goalFromResultForm(actor: Actor, surveyId: string, questionKey: string) {
			const { evidence, focusArea } = evidenceFor(actor, surveyId, questionKey);
			const all = cycles.list(actor);
			const linked = new Set(cycleSurveyRepo.cyclesOf(db, actor.organizationId, surveyId));
			const pick =
				all.find((c) => linked.has(c.id) && c.status === 'active') ??
				all.find((c) => linked.has(c.id)) ??
				all.find((c) => c.status === 'active') ??
				all[0];
			const today = todayIn(organizationRepo.get(db, actor.organizationId)?.timeZone ?? 'UTC');
			const due = pick && pick.periodEnd >= today ? pick.periodEnd : `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
			const focusAreas = createKpiService(ctx)
				.focusAreas(actor)
				.map((f) => ({ id: f.id, name: f.name }));
			return {
				evidence,
				summary: evidenceSummary(evidence),
				cycles: all.map((c) => ({ id: c.id, name: c.name, status: c.status, linked: linked.has(c.id) })),
				defaultCycleId: pick?.id ?? null,
				draft: goalDraft(evidence, due),
				focusAreas,
				focusAreaId: focusAreas.find((f) => f.id === focusArea || f.name === focusArea)?.id ?? null,
				canEdit: can(actor, 'plan.edit', { organizationId: actor.organizationId })
			};
		},

		/**
		 * Adds a goal made from a survey result to the cycle's action plan, through the sync engine
		 * (connected editors see it at once), with the evidence computed here, not taken from the form.
		 */
		addGoalFromResult(actor: Actor, cycleId: string, input: unknown): { goalId: string; cycleId: string; title: string } {
			const data = parse(goalFromResultInput, input);
			const c = cycles.load(actor, cycleId);
			need(actor, 'plan.edit', c);
			const { evidence } = evidenceFor(actor, data.surveyId, data.questionKey);
			if (data.focusAreaId && cycleFocusRepo.existing(db, c.organizationId, [data.focusAreaId]).length === 0)
				throw new AppError('validation.failed', 'Check focusAreaId.', {
					fields: { focusAreaId: 'Choose a focus area of your organization.' }
				});
			const goalId = newId();
			liveDocs(ctx).change(
				c.planDoc,
				(doc) =>
					addGoal(doc, {
						id: goalId,
						title: data.title,
						focusAreaId: data.focusAreaId,
						questionKeys: [evidence.questionKey],
						baseline: data.baseline,
						target: data.target,
						due: data.due,
						evidence: encodeEvidence(evidence)
					}),
				actor.id
			);
			liveDocs(ctx).refreshProjection(c.planDoc);
			activityRepo.record(db, {
				organizationId: c.organizationId,
				actorId: actor.id,
				type: 'plan.goal_from_result',
				subject: c.id,
				data: { detail: `${data.title} (${evidence.surveyTitle}, ${evidence.questionKey})` }
			});
			return { goalId, cycleId: c.id, title: data.title };
		},

		/**
		 * One page of the plan's recorded edits grouped into sessions, newest first: the newest
		 * `limit` sessions, or with `query.before` (the first edit of the oldest session of the page
		 * before) the `limit` sessions that started before it. Grouping reads only who and when;
		 * only the sessions shown are described, by comparing the plan before and after each
		 * (computed now, not stored). The cursor is only compared with this plan's own edits, so a
		 * cursor taken from another plan or organization shows nothing of it.
		 */
		history(actor: Actor, cycleId: string, query: unknown = {}, limit = HISTORY_GROUPS): HistoryPageView {
			const { before } = parseHistoryQuery(query);
			const c = cycles.load(actor, cycleId);
			// who made each edit and when (no bytes): the baseline first, then the edits
			const index = liveDocs(ctx).historyIndex(c.planDoc);
			const edits = index.filter((e) => e.seq !== null);
			const groups = groupEdits(edits);
			const { groups: shown, ...cursors } = pageOfGroups(groups, before, limit);
			const page = { total: groups.length, ...cursors };
			if (shown.length === 0) return { groups: [], ...page };
			const people = new Map(userRepo.list(db, c.organizationId).map((u) => [u.id, u.name]));
			const areas = new Map(
				createKpiService(ctx)
					.focusAreas(actor)
					.map((f) => [f.id, f.name])
			);
			const kpis = new Map(
				createKpiService(ctx)
					.list(actor)
					.map((k) => [k.id, k.name])
			);
			const names = { member: (id: string) => people.get(id), focusArea: (id: string) => areas.get(id), kpi: (id: string) => kpis.get(id) };
			// the plan before the page's first edit (from the nearest saved state), then the page's edits
			const first = shown[0]!.firstId;
			const doc = stateAfter(
				index,
				index.findIndex((e) => e.seq !== null && e.id >= first),
				statesOf(c.planDoc)
			);
			const pageEdits = liveDocs(ctx)
				.historyRange(c.planDoc, first, shown.at(-1)!.lastId)
				.filter((e) => e.seq !== null);
			let i = 0;
			// the plan after each session: only the goals the session changed are read again
			const reader = planReader(doc);
			let state: Plan = reader.read();
			const out: HistoryGroupView[] = [];
			for (const g of shown) {
				const from = i;
				while (i < pageEdits.length && pageEdits[i]!.id <= g.lastId) i++;
				applyAll(doc, pageEdits.slice(from, i));
				const after = reader.read();
				const changes = describePlanChanges(state, after, names);
				const author = g.author ? (people.get(g.author) ?? 'A former member') : 'CivicLoop';
				out.push(present(g, author, changes));
				state = after;
			}
			reader.destroy();
			doc.destroy();
			return { groups: out.reverse(), ...page };
		},

		/** Brings the plan back to how it was after recorded edit `upTo`, as a new edit. */
		restoreEdit(actor: Actor, cycleId: string, upTo: number): void {
			const c = cycles.load(actor, cycleId);
			need(actor, 'plan.edit', c);
			const index = liveDocs(ctx).historyIndex(c.planDoc);
			const at = Number.isInteger(upTo) ? index.findIndex((e) => e.seq !== null && e.id === upTo) : -1;
			if (at < 0) throw new AppError('not_found', 'No such edit of this plan.');
			// the plan after edit `upTo`: the nearest saved state, then the edits after it
			const after = stateAfter(index, at + 1, statesOf(c.planDoc));
			const saved = Y.encodeStateAsUpdate(after);
			after.destroy();
			// restoring the version the plan already is changes nothing and records nothing
			if (!liveDocs(ctx).change(c.planDoc, (doc) => Y.applyUpdate(doc, revertUpdate(doc, saved)), actor.id)) return;
			activityRepo.record(db, {
				organizationId: c.organizationId,
				actorId: actor.id,
				type: 'plan.edit_restored',
				subject: c.id,
				data: { detail: `Edit ${upTo}` }
			});
		},

		versions(actor: Actor, cycleId: string): PlanVersionView[] {
			const c = cycles.load(actor, cycleId);
			const names = new Map(userRepo.list(db, c.organizationId).map((u) => [u.id, u.name]));
			return planVersionRepo.list(db, c.organizationId, c.planDoc).map((v) => ({
				id: v.id,
				label: v.label,
				author: v.authorId ? (names.get(v.authorId) ?? 'Former member') : 'Someone',
				at: v.createdAt.toISOString(),
				bytes: v.size.length
			}));
		},

		/** Stores the plan as it is now (everything the server has stored). */
		saveVersion(actor: Actor, cycleId: string, label: unknown): { id: string } {
			const c = cycles.load(actor, cycleId);
			need(actor, 'plan.edit', c);
			const text =
				typeof label === 'string' && label.trim()
					? label.trim().slice(0, 120)
					: `Version of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
			const state = liveDocs(ctx).state(c.planDoc);
			const id = newId();
			tx((t) => {
				planVersionRepo.insert(t, {
					id,
					organizationId: c.organizationId,
					docName: c.planDoc,
					label: text,
					state: Buffer.from(state),
					authorId: actor.id
				});
				activityRepo.record(t, {
					organizationId: c.organizationId,
					actorId: actor.id,
					type: 'plan.version_saved',
					subject: c.id,
					data: { detail: text }
				});
			});
			return { id };
		},

		/**
		 * Brings the plan back to a saved version as a new change through the sync engine: the
		 * history stays, everyone connected receives it, offline edits made since still merge.
		 */
		restoreVersion(actor: Actor, cycleId: string, versionId: string): void {
			const c = cycles.load(actor, cycleId);
			need(actor, 'plan.edit', c);
			const v = planVersionRepo.get(db, c.organizationId, versionId);
			if (!v || v.docName !== c.planDoc) throw new AppError('not_found', 'No such version of this plan.');
			const saved = new Uint8Array(v.state);
			liveDocs(ctx).change(c.planDoc, (doc) => Y.applyUpdate(doc, revertUpdate(doc, saved)), actor.id);
			activityRepo.record(db, {
				organizationId: c.organizationId,
				actorId: actor.id,
				type: 'plan.version_restored',
				subject: c.id,
				data: { detail: v.label }
			});
		}
	};
}

export type PlanService = ReturnType<typeof createPlanService>;

function present(g: EditGroup, author: string, changes: string[]): HistoryGroupView {
	return {
		upTo: g.lastId,
		author,
		start: new Date(g.start).toISOString(),
		end: new Date(g.end).toISOString(),
		edits: g.edits,
		summary: summarize(author, changes),
		changes
	};
}

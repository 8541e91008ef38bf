/**
 * Action plan use-cases outside the live editor: the editor page's context, "My actions" (from
 * the `plan_actions` projection), one action with its progress timeline, and versions (save,
 * list, restore). History is kept as explicit snapshots: the sync log stores updates without
 * who made them, so "who and when" comes from saved versions and the cycle timeline.
 */
import * as Y from 'yjs';
import type { Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import { revertUpdate } from '../../domain/plan/restore';
import { activityRepo, userRepo } from '../accounts/repository';
import { newId } from '../auth/tokens';
import type { AppContext } from '../context';
import { createCycleService, need } from '../cycles/service';
import { docAccess } from '../docs/service';
import { liveDocs } from '../docs/live';
import { createKpiService } from '../kpis/service';
import { createProgressService } from '../progress/service';
import { byDue, presentAssignedAction, type AssignedActionView, type PlanVersionView } from './presenter';
import { planProjectionRepo, planVersionRepo } from './repository';

export function createPlanService(ctx: AppContext) {
	const { db, tx } = ctx.database;
	const cycles = createCycleService(ctx);

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

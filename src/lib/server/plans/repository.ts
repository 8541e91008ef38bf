/**
 * SQL for action plans: the projection of `actionplan:*` documents into `plan_goals` and
 * `plan_actions` (rebuilt from the document, idempotently, like the checklist projection), and
 * saved versions. Every read is scoped by organization.
 */
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Plan } from '../../domain/plan/doc';
import type { Db } from '../db/client';
import { cycles, planActions, planGoals, planVersions, syncDocuments } from '../db/schema';

export type PlanActionRow = typeof planActions.$inferSelect;
export type PlanGoalRow = typeof planGoals.$inferSelect;
export type PlanVersionRow = typeof planVersions.$inferSelect;

const CHUNK = 200;

export const planProjectionRepo = {
	/** Replaces the document's rows with the plan's goals and actions (same plan, same rows). */
	replace(db: Db, doc: { name: string; organizationId: string }, plan: Plan, now: Date): void {
		db.delete(planActions).where(eq(planActions.docName, doc.name)).run();
		db.delete(planGoals).where(eq(planGoals.docName, doc.name)).run();
		const goals = [];
		const actions = [];
		const seenGoals = new Set<string>();
		const seenActions = new Set<string>();
		let position = 0;
		for (const [gi, g] of plan.goals.entries()) {
			if (seenGoals.has(g.id)) continue; // two clients may insert the same id: first one wins
			seenGoals.add(g.id);
			goals.push({
				docName: doc.name,
				goalId: g.id,
				organizationId: doc.organizationId,
				position: gi,
				title: g.title,
				focusAreaId: g.focusAreaId,
				kpiId: g.kpiId,
				due: g.due,
				updatedAt: now
			});
			for (const a of g.actions) {
				if (seenActions.has(a.id)) continue;
				seenActions.add(a.id);
				actions.push({
					docName: doc.name,
					actionId: a.id,
					goalId: g.id,
					organizationId: doc.organizationId,
					position: position++,
					title: a.title,
					owner: a.owner,
					due: a.due,
					status: a.status,
					progress: a.status === 'done' ? 100 : a.progress,
					priority: a.priority,
					updatedAt: now
				});
			}
		}
		for (let i = 0; i < goals.length; i += CHUNK)
			db.insert(planGoals)
				.values(goals.slice(i, i + CHUNK))
				.run();
		for (let i = 0; i < actions.length; i += CHUNK)
			db.insert(planActions)
				.values(actions.slice(i, i + CHUNK))
				.run();
	},

	goals(db: Db, organizationId: string, docName: string): PlanGoalRow[] {
		return db
			.select()
			.from(planGoals)
			.where(and(eq(planGoals.organizationId, organizationId), eq(planGoals.docName, docName)))
			.orderBy(asc(planGoals.position))
			.all();
	},

	actions(db: Db, organizationId: string, docName: string): PlanActionRow[] {
		return db
			.select()
			.from(planActions)
			.where(and(eq(planActions.organizationId, organizationId), eq(planActions.docName, docName)))
			.orderBy(asc(planActions.position))
			.all();
	},

	/** One action by id, only inside `organizationId`. */
	action(db: Db, organizationId: string, actionId: string): PlanActionRow | undefined {
		return db
			.select()
			.from(planActions)
			.where(and(eq(planActions.organizationId, organizationId), eq(planActions.actionId, actionId)))
			.get();
	},

	/** Actions owned by `userId` across the organization's plans, with goal and cycle. */
	assignedTo(db: Db, organizationId: string, userId: string, includeDone: boolean) {
		return db
			.select({
				action: planActions,
				goalTitle: planGoals.title,
				cycleId: cycles.id,
				cycleName: cycles.name,
				planTitle: syncDocuments.title
			})
			.from(planActions)
			.innerJoin(syncDocuments, eq(syncDocuments.name, planActions.docName))
			.leftJoin(planGoals, and(eq(planGoals.docName, planActions.docName), eq(planGoals.goalId, planActions.goalId)))
			.leftJoin(cycles, and(eq(cycles.planDoc, planActions.docName), eq(cycles.organizationId, organizationId)))
			.where(
				and(
					eq(planActions.organizationId, organizationId),
					eq(planActions.owner, userId),
					includeDone ? undefined : ne(planActions.status, 'done')
				)
			)
			.all();
	},

	/** Open actions of several plans (the cycle home's "due this week"). */
	openActions(db: Db, organizationId: string, docNames: string[]): PlanActionRow[] {
		if (docNames.length === 0) return [];
		return db
			.select()
			.from(planActions)
			.where(and(eq(planActions.organizationId, organizationId), inArray(planActions.docName, docNames), ne(planActions.status, 'done')))
			.all();
	}
};

export const planVersionRepo = {
	insert(db: Db, row: typeof planVersions.$inferInsert): void {
		db.insert(planVersions).values(row).run();
	},
	list(db: Db, organizationId: string, docName: string, limit = 50) {
		return db
			.select({
				id: planVersions.id,
				label: planVersions.label,
				authorId: planVersions.authorId,
				createdAt: planVersions.createdAt,
				size: planVersions.state
			})
			.from(planVersions)
			.where(and(eq(planVersions.organizationId, organizationId), eq(planVersions.docName, docName)))
			.orderBy(desc(planVersions.createdAt))
			.limit(limit)
			.all();
	},
	get(db: Db, organizationId: string, id: string): PlanVersionRow | undefined {
		return db
			.select()
			.from(planVersions)
			.where(and(eq(planVersions.organizationId, organizationId), eq(planVersions.id, id)))
			.get();
	}
};

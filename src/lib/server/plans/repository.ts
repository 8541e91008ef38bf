/**
 * SQL for action plans: the projection of `actionplan:*` documents into `plan_goals` and
 * `plan_actions` (rebuilt from the document, idempotently, like the checklist projection), and
 * saved versions. Every read is scoped by organization.
 */
import { and, asc, desc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Plan } from '../../domain/plan/doc';
import type { SavedState } from '../../domain/plan/history-states';
import type { Db } from '../db/client';
import { cycles, planActions, planGoals, planVersions, syncDocuments, syncHistoryStates } from '../db/schema';

export type PlanActionRow = typeof planActions.$inferSelect;
export type PlanGoalRow = typeof planGoals.$inferSelect;
export type PlanVersionRow = typeof planVersions.$inferSelect;

const CHUNK = 200;

/** Columns a projected row is compared on (everything but the keys and `updatedAt`). */
const GOAL_FIELDS = ['organizationId', 'position', 'title', 'focusAreaId', 'kpiId', 'due'] as const;
const ACTION_FIELDS = ['goalId', 'organizationId', 'position', 'title', 'owner', 'due', 'status', 'progress', 'priority'] as const;

/** `SET col = excluded.col` for an upsert of these fields (and updated_at). */
function fromExcluded<T extends typeof planGoals | typeof planActions>(table: T, fields: readonly string[]) {
	const set: Record<string, unknown> = {};
	for (const f of [...fields, 'updatedAt']) {
		const column = (table as unknown as Record<string, { name: string }>)[f]!;
		set[f] = sql.raw(`excluded.${column.name}`);
	}
	return set;
}

/**
 * What changed between the rows stored and the rows wanted: keys no longer wanted, and rows new
 * or different in one of `fields` (those get `updatedAt` = now; the others keep theirs).
 */
function diffRows<R extends Record<string, unknown>>(stored: R[], wanted: R[], key: (r: R) => string, fields: readonly string[]) {
	const have = new Map(stored.map((r) => [key(r), r]));
	const keep = new Set(wanted.map(key));
	return {
		gone: stored.filter((r) => !keep.has(key(r))).map(key),
		write: wanted.filter((r) => {
			const h = have.get(key(r));
			return !h || fields.some((f) => h[f] !== r[f]);
		})
	};
}

export const planProjectionRepo = {
	/**
	 * Brings the document's rows to the plan's goals and actions (same plan, same rows). Only what
	 * differs is written: a progress log on one action of a 2,000-action plan rewrites one row.
	 */
	replace(db: Db, doc: { name: string; organizationId: string }, plan: Plan, now: Date): void {
		const goals: PlanGoalRow[] = [];
		const actions: PlanActionRow[] = [];
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
		const g = diffRows(db.select().from(planGoals).where(eq(planGoals.docName, doc.name)).all(), goals, (r) => r.goalId, GOAL_FIELDS);
		const a = diffRows(
			db.select().from(planActions).where(eq(planActions.docName, doc.name)).all(),
			actions,
			(r) => r.actionId,
			ACTION_FIELDS
		);
		for (let i = 0; i < a.gone.length; i += CHUNK)
			db.delete(planActions)
				.where(and(eq(planActions.docName, doc.name), inArray(planActions.actionId, a.gone.slice(i, i + CHUNK))))
				.run();
		for (let i = 0; i < g.gone.length; i += CHUNK)
			db.delete(planGoals)
				.where(and(eq(planGoals.docName, doc.name), inArray(planGoals.goalId, g.gone.slice(i, i + CHUNK))))
				.run();
		for (let i = 0; i < g.write.length; i += CHUNK)
			db.insert(planGoals)
				.values(g.write.slice(i, i + CHUNK))
				.onConflictDoUpdate({ target: [planGoals.docName, planGoals.goalId], set: fromExcluded(planGoals, GOAL_FIELDS) })
				.run();
		for (let i = 0; i < a.write.length; i += CHUNK)
			db.insert(planActions)
				.values(a.write.slice(i, i + CHUNK))
				.onConflictDoUpdate({ target: [planActions.docName, planActions.actionId], set: fromExcluded(planActions, ACTION_FIELDS) })
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

/**
 * Saved starting states of a plan's edit history (derived data, see history-states.ts). Keyed by
 * document name: the caller has checked that the plan is the actor's organization's.
 */
export const historyStateRepo = {
	/** the state with the greatest `upto_id <= id` */
	nearest(db: Db, docName: string, id: number): SavedState | null {
		const row = db
			.select({ uptoId: syncHistoryStates.uptoId, entries: syncHistoryStates.entries, data: syncHistoryStates.data })
			.from(syncHistoryStates)
			.where(and(eq(syncHistoryStates.docName, docName), lte(syncHistoryStates.uptoId, id)))
			.orderBy(desc(syncHistoryStates.uptoId))
			.limit(1)
			.get();
		return row
			? { uptoId: row.uptoId, entries: row.entries, data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) }
			: null;
	},
	save(db: Db, docName: string, s: SavedState): void {
		const data = Buffer.from(s.data.buffer, s.data.byteOffset, s.data.byteLength);
		db.insert(syncHistoryStates)
			.values({ docName, uptoId: s.uptoId, entries: s.entries, data, createdAt: new Date() })
			.onConflictDoUpdate({
				target: [syncHistoryStates.docName, syncHistoryStates.uptoId],
				set: { entries: s.entries, data, createdAt: new Date() }
			})
			.run();
	}
};

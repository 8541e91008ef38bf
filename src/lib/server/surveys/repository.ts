/**
 * SQL for surveys, versions, tokens and response counts, every query scoped by `organizationId`.
 * The hot intake path uses its own prepared statements (intake-store.ts).
 */
import { and, asc, count, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { preparedOnce } from '../db/prepared';
import { surveyResponses, surveyTokens, surveyVersions, surveys } from '../db/schema';

export type SurveyRow = typeof surveys.$inferSelect;
export type VersionRow = typeof surveyVersions.$inferSelect;
export type ResponseRow = typeof surveyResponses.$inferSelect;

// Asked on every sync handshake of a questionnaire: built and prepared once (db/prepared.ts).
const surveyStatus = preparedOnce((db) =>
	db
		.select({ status: surveys.status })
		.from(surveys)
		.where(and(eq(surveys.id, sql.placeholder('id')), eq(surveys.organizationId, sql.placeholder('organizationId'))))
		.prepare()
);

export const surveyRepo = {
	insert(db: Db, row: typeof surveys.$inferInsert): void {
		db.insert(surveys).values(row).run();
	},
	/** Only finds the survey inside `organizationId`. */
	get(db: Db, organizationId: string, id: string): SurveyRow | undefined {
		return db
			.select()
			.from(surveys)
			.where(and(eq(surveys.id, id), eq(surveys.organizationId, organizationId)))
			.get();
	},
	/** Only the status (whether the draft may still change), inside `organizationId`. */
	status(db: Db, organizationId: string, id: string): Pick<SurveyRow, 'status'> | undefined {
		return surveyStatus(db).get({ id, organizationId });
	},
	/** Public lookups (resident page, intake): by id or slug, any organization. */
	byId(db: Db, id: string): SurveyRow | undefined {
		return db.select().from(surveys).where(eq(surveys.id, id)).get();
	},
	bySlug(db: Db, slug: string): SurveyRow | undefined {
		return db.select().from(surveys).where(eq(surveys.slug, slug)).get();
	},
	slugTaken(db: Db, slug: string): boolean {
		return !!db.select({ id: surveys.id }).from(surveys).where(eq(surveys.slug, slug)).get();
	},
	list(db: Db, organizationId: string): SurveyRow[] {
		return db.select().from(surveys).where(eq(surveys.organizationId, organizationId)).orderBy(desc(surveys.createdAt)).all();
	},
	update(db: Db, organizationId: string, id: string, patch: Partial<Omit<SurveyRow, 'id' | 'organizationId'>>): number {
		return db
			.update(surveys)
			.set({ ...patch, updatedAt: new Date() })
			.where(and(eq(surveys.id, id), eq(surveys.organizationId, organizationId)))
			.run().changes;
	},
	/** Moves from `from` to `to` only if still in `from` (two approvers at once: one wins). */
	setStatus(db: Db, organizationId: string, id: string, from: SurveyRow['status'], patch: Partial<SurveyRow>): boolean {
		return (
			db
				.update(surveys)
				.set({ ...patch, updatedAt: new Date() })
				.where(and(eq(surveys.id, id), eq(surveys.organizationId, organizationId), eq(surveys.status, from)))
				.run().changes === 1
		);
	}
};

export const versionRepo = {
	insert(db: Db, row: typeof surveyVersions.$inferInsert): void {
		db.insert(surveyVersions).values(row).run();
	},
	list(db: Db, organizationId: string, surveyId: string): VersionRow[] {
		return db
			.select()
			.from(surveyVersions)
			.where(and(eq(surveyVersions.surveyId, surveyId), eq(surveyVersions.organizationId, organizationId)))
			.orderBy(asc(surveyVersions.number))
			.all();
	},
	get(db: Db, id: string): VersionRow | undefined {
		return db.select().from(surveyVersions).where(eq(surveyVersions.id, id)).get();
	},
	nextNumber(db: Db, surveyId: string): number {
		return (
			(db
				.select({ n: max(surveyVersions.number) })
				.from(surveyVersions)
				.where(eq(surveyVersions.surveyId, surveyId))
				.get()?.n ?? 0) + 1
		);
	},
	latest(db: Db, surveyId: string): VersionRow | undefined {
		return db
			.select()
			.from(surveyVersions)
			.where(eq(surveyVersions.surveyId, surveyId))
			.orderBy(desc(surveyVersions.number))
			.limit(1)
			.get();
	}
};

export const responseRepo = {
	/** Response counts per survey of the organization. */
	counts(db: Db, organizationId: string, surveyIds: string[]): Map<string, number> {
		if (!surveyIds.length) return new Map();
		const rows = db
			.select({ surveyId: surveyResponses.surveyId, n: count() })
			.from(surveyResponses)
			.where(and(eq(surveyResponses.organizationId, organizationId), inArray(surveyResponses.surveyId, surveyIds)))
			.groupBy(surveyResponses.surveyId)
			.all();
		return new Map(rows.map((r) => [r.surveyId, r.n]));
	},
	count(db: Db, organizationId: string, surveyId: string): number {
		return (
			db
				.select({ n: count() })
				.from(surveyResponses)
				.where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.organizationId, organizationId)))
				.get()?.n ?? 0
		);
	},
	/** Responses in submission order, a page at a time (exports stream through this). */
	*iterate(db: Db, organizationId: string, surveyId: string, pageSize = 2000): Generator<ResponseRow> {
		let after = 0;
		for (;;) {
			const page = db
				.select()
				.from(surveyResponses)
				.where(
					and(
						eq(surveyResponses.surveyId, surveyId),
						eq(surveyResponses.organizationId, organizationId),
						sql`${surveyResponses.id} > ${after}`
					)
				)
				.orderBy(asc(surveyResponses.id))
				.limit(pageSize)
				.all();
			yield* page;
			if (page.length < pageSize) return;
			after = page[page.length - 1]!.id;
		}
	},
	/** The newest responses (live feed). */
	latest(db: Db, organizationId: string, surveyId: string, limit: number): ResponseRow[] {
		return db
			.select()
			.from(surveyResponses)
			.where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.organizationId, organizationId)))
			.orderBy(desc(surveyResponses.id))
			.limit(limit)
			.all();
	}
};

export const tokenRepo = {
	insertMany(db: Db, rows: (typeof surveyTokens.$inferInsert)[]): void {
		for (let i = 0; i < rows.length; i += 500)
			db.insert(surveyTokens)
				.values(rows.slice(i, i + 500))
				.run();
	},
	byHash(db: Db, surveyId: string, tokenHash: string) {
		return db
			.select()
			.from(surveyTokens)
			.where(and(eq(surveyTokens.tokenHash, tokenHash), eq(surveyTokens.surveyId, surveyId)))
			.get();
	},
	stats(db: Db, organizationId: string, surveyId: string): { issued: number; used: number } {
		const row = db
			.select({ issued: count(), used: count(surveyTokens.usedAt) })
			.from(surveyTokens)
			.where(and(eq(surveyTokens.surveyId, surveyId), eq(surveyTokens.organizationId, organizationId)))
			.get();
		return { issued: row?.issued ?? 0, used: row?.used ?? 0 };
	}
};

/** SQL for the summary report: share tokens, the fieldwork period, the cycle a survey feeds. */
import { and, desc, eq, max, min } from 'drizzle-orm';
import type { Db } from '../db/client';
import { cycles, reportShares, surveyResponses } from '../db/schema';

export type ReportShareRow = typeof reportShares.$inferSelect;

export const reportShareRepo = {
	get(db: Db, organizationId: string, surveyId: string): ReportShareRow | undefined {
		return db
			.select()
			.from(reportShares)
			.where(and(eq(reportShares.organizationId, organizationId), eq(reportShares.surveyId, surveyId)))
			.get();
	},
	/** Public lookup by token, any organization. */
	byToken(db: Db, token: string): ReportShareRow | undefined {
		return db.select().from(reportShares).where(eq(reportShares.token, token)).get();
	},
	/** Inserts a share unless the survey already has one; returns the survey's share. */
	ensure(db: Db, row: typeof reportShares.$inferInsert): ReportShareRow {
		db.insert(reportShares).values(row).onConflictDoNothing({ target: reportShares.surveyId }).run();
		return this.get(db, row.organizationId, row.surveyId)!;
	},
	remove(db: Db, organizationId: string, surveyId: string): void {
		db.delete(reportShares)
			.where(and(eq(reportShares.organizationId, organizationId), eq(reportShares.surveyId, surveyId)))
			.run();
	}
};

/** First and last submission times of a survey's responses (null without responses). */
export function fieldworkPeriod(db: Db, organizationId: string, surveyId: string): { from: Date; to: Date } | null {
	const row = db
		.select({ from: min(surveyResponses.submittedAt), to: max(surveyResponses.submittedAt) })
		.from(surveyResponses)
		.where(and(eq(surveyResponses.organizationId, organizationId), eq(surveyResponses.surveyId, surveyId)))
		.get();
	return row?.from && row.to ? { from: new Date(row.from), to: new Date(row.to) } : null;
}

/** Cycles that use the survey, newest first. */
export function cyclesOfSurvey(db: Db, organizationId: string, surveyId: string) {
	return db
		.select()
		.from(cycles)
		.where(and(eq(cycles.organizationId, organizationId), eq(cycles.surveyId, surveyId)))
		.orderBy(desc(cycles.createdAt))
		.all();
}

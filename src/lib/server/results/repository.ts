/** SQL for results: stored population margins per survey, scoped by organization. */
import { and, eq } from 'drizzle-orm';
import type { MarginsSpec } from '../../domain/results/margins';
import type { Db } from '../db/client';
import { focusAreas, surveyMargins } from '../db/schema';

export const marginsRepo = {
	get(db: Db, organizationId: string, surveyId: string): MarginsSpec | undefined {
		const row = db
			.select()
			.from(surveyMargins)
			.where(and(eq(surveyMargins.surveyId, surveyId), eq(surveyMargins.organizationId, organizationId)))
			.get();
		return row ? (row.margins as MarginsSpec) : undefined;
	},
	put(db: Db, organizationId: string, surveyId: string, margins: MarginsSpec): void {
		const updatedAt = new Date();
		db.insert(surveyMargins)
			.values({ surveyId, organizationId, margins, updatedAt })
			.onConflictDoUpdate({ target: surveyMargins.surveyId, set: { margins, updatedAt } })
			.run();
	}
};

/** Focus area names by id (questions may link to a focus area by id or name it). */
export function focusAreaNames(db: Db, organizationId: string): Map<string, string> {
	const rows = db
		.select({ id: focusAreas.id, name: focusAreas.name })
		.from(focusAreas)
		.where(eq(focusAreas.organizationId, organizationId))
		.all();
	return new Map(rows.map((r) => [r.id, r.name]));
}

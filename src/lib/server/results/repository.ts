/** SQL for results: stored population margins and benchmarks per survey, scoped by organization. */
import { and, asc, count, eq, max } from 'drizzle-orm';
import { TARGET_SOURCE, type BenchmarkKind, type BenchmarkValue } from '../../domain/results/benchmarks';
import type { MarginsSpec } from '../../domain/results/margins';
import { newId } from '../auth/tokens';
import type { Db } from '../db/client';
import { focusAreas, surveyBenchmarks, surveyMargins, surveyResponses } from '../db/schema';

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

/** Benchmarks (targets and imported external values) of a survey's questions. */
export const benchmarkRepo = {
	list(db: Db, organizationId: string, surveyId: string): BenchmarkValue[] {
		return db
			.select()
			.from(surveyBenchmarks)
			.where(and(eq(surveyBenchmarks.surveyId, surveyId), eq(surveyBenchmarks.organizationId, organizationId)))
			.all()
			.map((r) => ({ questionKey: r.questionKey, kind: r.kind, source: r.source, value: r.value, n: r.n, moe: r.moe }));
	},
	/** Replace every row of the given sources with `values`, in one transaction (call inside `tx`). */
	replaceSources(
		db: Db,
		organizationId: string,
		surveyId: string,
		kind: BenchmarkKind,
		sources: readonly string[],
		values: readonly BenchmarkValue[]
	): void {
		const updatedAt = new Date();
		for (const source of sources)
			db.delete(surveyBenchmarks)
				.where(
					and(
						eq(surveyBenchmarks.surveyId, surveyId),
						eq(surveyBenchmarks.organizationId, organizationId),
						eq(surveyBenchmarks.kind, kind),
						eq(surveyBenchmarks.source, source)
					)
				)
				.run();
		for (const v of values)
			db.insert(surveyBenchmarks)
				.values({
					id: newId(),
					surveyId,
					organizationId,
					questionKey: v.questionKey,
					kind,
					source: v.source,
					value: v.value,
					n: v.n,
					moe: v.moe,
					updatedAt
				})
				.run();
	},
	/** Set (value) or clear (null) one question's target. */
	setTarget(db: Db, organizationId: string, surveyId: string, questionKey: string, value: number | null): void {
		db.delete(surveyBenchmarks)
			.where(
				and(
					eq(surveyBenchmarks.surveyId, surveyId),
					eq(surveyBenchmarks.organizationId, organizationId),
					eq(surveyBenchmarks.kind, 'target'),
					eq(surveyBenchmarks.questionKey, questionKey)
				)
			)
			.run();
		if (value !== null)
			db.insert(surveyBenchmarks)
				.values({
					id: newId(),
					surveyId,
					organizationId,
					questionKey,
					kind: 'target',
					source: TARGET_SOURCE,
					value,
					n: null,
					moe: null,
					updatedAt: new Date()
				})
				.run();
	}
};

/** Only the answers of a survey's responses, in submission order (the results read nothing else). */
export function answersOf(db: Db, organizationId: string, surveyId: string): Record<string, unknown>[] {
	return db
		.select({ answers: surveyResponses.answers })
		.from(surveyResponses)
		.where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.organizationId, organizationId)))
		.orderBy(asc(surveyResponses.id))
		.all()
		.map((r) => r.answers as Record<string, unknown>);
}

/** Response row ids in the order `answersOf` returns the answers. */
export function responseIdsOf(db: Db, organizationId: string, surveyId: string): number[] {
	return db
		.select({ id: surveyResponses.id })
		.from(surveyResponses)
		.where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.organizationId, organizationId)))
		.orderBy(asc(surveyResponses.id))
		.all()
		.map((r) => r.id);
}

/** Changes whenever a survey's responses do: their count and highest row id. */
export function responsesStamp(db: Db, organizationId: string, surveyId: string): string {
	const r = db
		.select({ n: count(), last: max(surveyResponses.id) })
		.from(surveyResponses)
		.where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.organizationId, organizationId)))
		.get();
	return `${r?.n ?? 0}:${r?.last ?? 0}`;
}

/**
 * Results: population margins a survey is weighted to (raking), one JSON document per survey:
 * `{ dimension: { category: share } }`, shares of each dimension summing to 1.
 */
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organizations } from './core';
import { surveys } from './surveys';

export const surveyMargins = sqliteTable('survey_margins', {
	surveyId: text('survey_id')
		.primaryKey()
		.references(() => surveys.id, { onDelete: 'cascade' }),
	organizationId: text('organization_id')
		.notNull()
		.references(() => organizations.id, { onDelete: 'cascade' }),
	margins: text('margins', { mode: 'json' }).notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
});

/**
 * Benchmarks per survey question: a target set by an admin or analyst (kind 'target', source
 * 'Target') or an imported external / peer value (kind 'external', source names the set, e.g.
 * "National peer cities 2025"). `value` and `moe` are fractions (0–1); `n` and `moe` are optional.
 * One row per (survey, kind, source, question); re-importing a source replaces its rows.
 */
export const surveyBenchmarks = sqliteTable(
	'survey_benchmarks',
	{
		id: text('id').primaryKey(),
		surveyId: text('survey_id')
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		questionKey: text('question_key').notNull(),
		kind: text('kind', { enum: ['target', 'external'] }).notNull(),
		source: text('source').notNull(),
		value: real('value').notNull(),
		n: integer('n'),
		moe: real('moe'),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		uniqueIndex('survey_benchmarks_unique').on(t.surveyId, t.kind, t.source, t.questionKey),
		index('survey_benchmarks_org_idx').on(t.organizationId)
	]
);

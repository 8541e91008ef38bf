/**
 * Results: population margins a survey is weighted to (raking), one JSON document per survey:
 * `{ dimension: { category: share } }`, shares of each dimension summing to 1.
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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

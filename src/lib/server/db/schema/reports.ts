/**
 * Shared summary reports: a survey whose summary the agency has made public has one row here with
 * an unguessable token (160 random bits); the public page is /r/<token>. Switching sharing off
 * deletes the row, so the old link stops working; switching it on again makes a new token.
 */
import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organizations, users } from './core';
import { surveys } from './surveys';

export const reportShares = sqliteTable('report_shares', {
	surveyId: text('survey_id')
		.primaryKey()
		.references(() => surveys.id, { onDelete: 'cascade' }),
	organizationId: text('organization_id')
		.notNull()
		.references(() => organizations.id, { onDelete: 'cascade' }),
	token: text('token').notNull().unique(),
	createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
	createdAt: integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`)
});

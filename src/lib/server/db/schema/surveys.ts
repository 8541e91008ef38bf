/**
 * Surveys: the survey, its frozen questionnaire versions, responses (idempotent on the client's
 * UUID), single-use invitation tokens (hashed) and quotas. No IP address or other identifier of a
 * resident is stored unless a question asks for it.
 */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organizations, users } from './core';

const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

export const SURVEY_KINDS = ['community', 'experience', 'engagement'] as const;
export const RESPONSE_CHANNELS = ['web', 'field', 'import', 'api', 'paper'] as const;

export const surveys = sqliteTable(
	'surveys',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: SURVEY_KINDS }).notNull(),
		title: text('title').notNull(),
		/** Public address: /s/<slug>. */
		slug: text('slug').notNull().unique(),
		status: text('status', { enum: ['draft', 'review', 'approved', 'live', 'closed'] }).notNull(),
		/** 'invitation': only with a single-use token link. */
		access: text('access', { enum: ['public', 'invitation'] })
			.notNull()
			.default('public'),
		opensAt: integer('opens_at', { mode: 'timestamp_ms' }),
		closesAt: integer('closes_at', { mode: 'timestamp_ms' }),
		responseTarget: integer('response_target'),
		department: text('department'),
		service: text('service'),
		channel: text('channel'),
		/** The questionnaire being edited (JSON); frozen copies live in survey_versions. */
		draft: text('draft', { mode: 'json' }).notNull(),
		liveVersionId: text('live_version_id'),
		ipLimitPerMinute: integer('ip_limit_per_minute').notNull().default(30),
		surveyLimitPerMinute: integer('survey_limit_per_minute').notNull().default(3000),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('surveys_org_idx').on(t.organizationId, t.createdAt)]
);

export const surveyVersions = sqliteTable(
	'survey_versions',
	{
		id: text('id').primaryKey(),
		surveyId: text('survey_id')
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		number: integer('number').notNull(),
		questionnaire: text('questionnaire', { mode: 'json' }).notNull(),
		approvedBy: text('approved_by').references(() => users.id, { onDelete: 'set null' }),
		approvedAt: integer('approved_at', { mode: 'timestamp_ms' }).notNull(),
		comment: text('comment').notNull().default('')
	},
	(t) => [uniqueIndex('survey_versions_number_unique').on(t.surveyId, t.number)]
);

export const surveyResponses = sqliteTable(
	'survey_responses',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		surveyId: text('survey_id')
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		versionId: text('version_id')
			.notNull()
			.references(() => surveyVersions.id),
		/** Made by the client; the same UUID re-sent is the same response. */
		responseUuid: text('response_uuid').notNull(),
		channel: text('channel', { enum: RESPONSE_CHANNELS }).notNull(),
		language: text('language').notNull(),
		district: text('district'),
		submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }).notNull(),
		answers: text('answers', { mode: 'json' }).notNull(),
		/** SHA-256 of the canonical payload: a re-send with other content is a conflict. */
		payloadHash: text('payload_hash').notNull(),
		/** Unused: exports take the current raking weights from the results service instead. */
		weight: real('weight')
	},
	(t) => [
		uniqueIndex('survey_responses_uuid_unique').on(t.surveyId, t.responseUuid),
		index('survey_responses_time_idx').on(t.surveyId, t.submittedAt),
		index('survey_responses_org_idx').on(t.organizationId)
	]
);

export const surveyTokens = sqliteTable(
	'survey_tokens',
	{
		id: text('id').primaryKey(),
		surveyId: text('survey_id')
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		/** SHA-256 of the token; the token itself is only in the CSV handed out once. */
		tokenHash: text('token_hash').notNull().unique(),
		createdAt: createdAt(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' }),
		responseId: integer('response_id')
	},
	(t) => [index('survey_tokens_survey_idx').on(t.surveyId, t.usedAt)]
);

export const surveyQuotas = sqliteTable(
	'survey_quotas',
	{
		id: text('id').primaryKey(),
		surveyId: text('survey_id')
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		/** 'district' or a demographic dimension (age_band, gender, …). */
		dimension: text('dimension').notNull(),
		cell: text('cell').notNull(),
		target: integer('target').notNull()
	},
	(t) => [uniqueIndex('survey_quotas_cell_unique').on(t.surveyId, t.dimension, t.cell)]
);

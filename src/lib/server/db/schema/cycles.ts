/**
 * Cycles, focus areas per cycle, KPIs and their readings, the action plan projections
 * (`plan_goals`, `plan_actions`, rebuilt from `actionplan:*` documents), saved plan versions, and
 * field progress logs with their photos. Every row carries `organization_id`.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { focusAreas, organizations, users } from './core';
import { surveys } from './surveys';
import { syncDocuments } from './sync';

const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);
const org = () =>
	text('organization_id')
		.notNull()
		.references(() => organizations.id, { onDelete: 'cascade' });

export const cycles = sqliteTable(
	'cycles',
	{
		id: text('id').primaryKey(),
		organizationId: org(),
		name: text('name').notNull(),
		kind: text('kind').notNull(),
		/** ISO dates (YYYY-MM-DD) */
		periodStart: text('period_start').notNull(),
		periodEnd: text('period_end').notNull(),
		ownerId: text('owner_id').references(() => users.id, { onDelete: 'set null' }),
		phase: text('phase', { enum: ['planning', 'feedback', 'action', 'followup'] }).notNull(),
		status: text('status', { enum: ['active', 'closed'] }).notNull(),
		checklistDoc: text('checklist_doc')
			.notNull()
			.references(() => syncDocuments.name),
		planDoc: text('plan_doc')
			.notNull()
			.references(() => syncDocuments.name),
		/** The questionnaire this cycle uses (a survey id; the surveys module owns it). */
		surveyId: text('survey_id'),
		previousCycleId: text('previous_cycle_id'),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		closedAt: integer('closed_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('cycles_org_idx').on(t.organizationId, t.status)]
);

/** Surveys linked to a cycle (its "surveys and results"); both rows of the same organization. */
export const cycleSurveys = sqliteTable(
	'cycle_surveys',
	{
		cycleId: text('cycle_id')
			.notNull()
			.references(() => cycles.id, { onDelete: 'cascade' }),
		surveyId: text('survey_id')
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		organizationId: org(),
		linkedBy: text('linked_by').references(() => users.id, { onDelete: 'set null' }),
		linkedAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.cycleId, t.surveyId] }), index('cycle_surveys_survey_idx').on(t.organizationId, t.surveyId)]
);

export const cycleFocusAreas = sqliteTable(
	'cycle_focus_areas',
	{
		cycleId: text('cycle_id')
			.notNull()
			.references(() => cycles.id, { onDelete: 'cascade' }),
		focusAreaId: text('focus_area_id')
			.notNull()
			.references(() => focusAreas.id, { onDelete: 'cascade' }),
		organizationId: org()
	},
	(t) => [primaryKey({ columns: [t.cycleId, t.focusAreaId] })]
);

export const kpis = sqliteTable(
	'kpis',
	{
		id: text('id').primaryKey(),
		organizationId: org(),
		focusAreaId: text('focus_area_id').references(() => focusAreas.id, { onDelete: 'set null' }),
		name: text('name').notNull(),
		unit: text('unit').notNull().default(''),
		direction: text('direction', { enum: ['higher', 'lower'] }).notNull(),
		baseline: real('baseline').notNull(),
		target: real('target').notNull(),
		/** ISO date */
		targetDate: text('target_date').notNull(),
		baselineDate: text('baseline_date'),
		source: text('source', { enum: ['manual', 'csv', 'survey_question'] }).notNull(),
		/** For `survey_question`: the question key (stored for later). */
		sourceRef: text('source_ref'),
		ownerId: text('owner_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [index('kpis_org_idx').on(t.organizationId), uniqueIndex('kpis_org_name_unique').on(t.organizationId, t.name)]
);

export const kpiReadings = sqliteTable(
	'kpi_readings',
	{
		id: text('id').primaryKey(),
		organizationId: org(),
		kpiId: text('kpi_id')
			.notNull()
			.references(() => kpis.id, { onDelete: 'cascade' }),
		/** ISO date; one reading per KPI and date (a new one replaces the old) */
		date: text('date').notNull(),
		value: real('value').notNull(),
		note: text('note').notNull().default(''),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('kpi_readings_kpi_date_unique').on(t.kpiId, t.date), index('kpi_readings_org_idx').on(t.organizationId)]
);

/** Projection of the goals of `actionplan:*` documents; rebuilt from the document. */
export const planGoals = sqliteTable(
	'plan_goals',
	{
		docName: text('doc_name')
			.notNull()
			.references(() => syncDocuments.name, { onDelete: 'cascade' }),
		goalId: text('goal_id').notNull(),
		organizationId: org(),
		position: integer('position').notNull(),
		title: text('title').notNull(),
		focusAreaId: text('focus_area_id'),
		kpiId: text('kpi_id'),
		due: text('due'),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.docName, t.goalId] }), index('plan_goals_org_idx').on(t.organizationId)]
);

/** Projection of the actions of `actionplan:*` documents; rebuilt from the document. */
export const planActions = sqliteTable(
	'plan_actions',
	{
		docName: text('doc_name')
			.notNull()
			.references(() => syncDocuments.name, { onDelete: 'cascade' }),
		actionId: text('action_id').notNull(),
		goalId: text('goal_id').notNull(),
		organizationId: org(),
		position: integer('position').notNull(),
		title: text('title').notNull(),
		owner: text('owner'),
		due: text('due'),
		status: text('status').notNull(),
		progress: integer('progress').notNull(),
		priority: text('priority').notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.docName, t.actionId] }),
		index('plan_actions_owner_idx').on(t.organizationId, t.owner),
		index('plan_actions_action_idx').on(t.organizationId, t.actionId)
	]
);

/** A saved state of a plan document ("save version"), restorable later. */
export const planVersions = sqliteTable(
	'plan_versions',
	{
		id: text('id').primaryKey(),
		organizationId: org(),
		docName: text('doc_name')
			.notNull()
			.references(() => syncDocuments.name, { onDelete: 'cascade' }),
		label: text('label').notNull(),
		/** Y.encodeStateAsUpdate of the document at that moment */
		state: blob('state', { mode: 'buffer' }).notNull(),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [index('plan_versions_doc_idx').on(t.organizationId, t.docName)]
);

/** Progress logged on an action from the field; idempotent on the device's key. */
export const progressLogs = sqliteTable(
	'progress_logs',
	{
		id: text('id').primaryKey(),
		organizationId: org(),
		idempotencyKey: text('idempotency_key').notNull(),
		/** SHA-256 of what was sent: the same key with other content is a conflict */
		requestHash: text('request_hash').notNull(),
		docName: text('doc_name').notNull(),
		actionId: text('action_id').notNull(),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		note: text('note').notNull(),
		status: text('status'),
		progress: integer('progress'),
		latitude: real('latitude'),
		longitude: real('longitude'),
		accuracy: real('accuracy'),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('progress_logs_org_key_unique').on(t.organizationId, t.idempotencyKey),
		index('progress_logs_action_idx').on(t.organizationId, t.actionId)
	]
);

/** Files on disk under DATA_DIR/uploads/<organizationId>/, served only through /uploads/<id>. */
export const uploads = sqliteTable(
	'uploads',
	{
		id: text('id').primaryKey(),
		organizationId: org(),
		progressLogId: text('progress_log_id').references(() => progressLogs.id, { onDelete: 'cascade' }),
		/** relative to DATA_DIR/uploads */
		path: text('path').notNull(),
		mime: text('mime').notNull(),
		size: integer('size').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('uploads_log_idx').on(t.organizationId, t.progressLogId)]
);

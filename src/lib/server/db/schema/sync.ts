/**
 * Collaboration documents (Yjs). `sync_documents` says which documents exist and which
 * organization owns each; the update log plus one compacted snapshot per document hold the
 * content (the source of truth); `checklist_items` is a projection rebuilt from the document,
 * never written by anyone else.
 *
 * The log and the snapshot are keyed by document name without a foreign key: the sync engine's
 * store writes them on its own connection and must not depend on the registry row order.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organizations, users } from './core';

const DOC_KINDS = ['checklist', 'actionplan', 'questionnaire'] as const;

export const syncDocuments = sqliteTable(
	'sync_documents',
	{
		/** `<kind>:<id>`, as in src/lib/sync/protocol.ts */
		name: text('name').primaryKey(),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: DOC_KINDS }).notNull(),
		title: text('title').notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`)
	},
	(t) => [index('sync_documents_org_idx').on(t.organizationId, t.kind)]
);

/**
 * Append-only Yjs update log; `seq` orders every update of every document (from
 * `sync_log_sequence`). The table is WITHOUT ROWID (migration 0007; drizzle cannot say so), so a
 * document's entries sit together on disk in `seq` order: loading a document reads a few pages,
 * and compaction deletes a range of them. Keyed by the global `seq` instead, the entries of every
 * document were interleaved, and compacting one document of 500 entries rewrote about 2 MB of
 * pages (3 ms; 0.2 ms and 52 kB now).
 */
export const syncUpdates = sqliteTable(
	'sync_updates',
	{
		docName: text('doc_name').notNull(),
		seq: integer('seq').notNull(),
		data: blob('data', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.docName, t.seq] })]
);

/** The last `seq` given to a log entry (one row, id 1); never goes back, even when the log is emptied by compaction. */
export const syncLogSequence = sqliteTable('sync_log_sequence', {
	id: integer('id').primaryKey(),
	seq: integer('seq').notNull()
});

/**
 * Who made each stored update of documents that keep an edit history (action plans): written in
 * the same transaction as the log entry, and never compacted, so "who changed what and when"
 * survives compaction. `seq` is the log entry (null for the baseline row: the content the
 * document had before its first recorded edit); `data` is the update itself.
 */
export const syncUpdateHistory = sqliteTable(
	'sync_update_history',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		docName: text('doc_name').notNull(),
		seq: integer('seq'),
		authorId: text('author_id'),
		data: blob('data', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('sync_update_history_doc_idx').on(t.docName, t.id)]
);

/**
 * Saved starting states of an edit history: the document as the baseline and every recorded edit
 * up to `upto_id` (the `entries`-th entry of its history) leave it, saved at every 500th entry, so
 * the plan as it was before any edit is rebuilt from the nearest one instead of from the start.
 * Derived data written lazily by the history page and "restore this version": never the source of
 * truth, safe to delete (rebuilt on demand).
 */
export const syncHistoryStates = sqliteTable(
	'sync_history_states',
	{
		docName: text('doc_name').notNull(),
		uptoId: integer('upto_id').notNull(),
		entries: integer('entries').notNull(),
		data: blob('data', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.docName, t.uptoId] })]
);

/**
 * The log merged up to `seq_upto`. `state_vector` (what the snapshot holds contiguously) and
 * `remainder` (its delete set and anything past a gap) let the server answer a client that is
 * already up to date without decoding the whole snapshot.
 */
export const syncSnapshots = sqliteTable('sync_snapshots', {
	docName: text('doc_name').primaryKey(),
	data: blob('data', { mode: 'buffer' }).notNull(),
	stateVector: blob('state_vector', { mode: 'buffer' }).notNull(),
	remainder: blob('remainder', { mode: 'buffer' }).notNull(),
	seqUpto: integer('seq_upto').notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
});

/** Projection of `checklist:*` documents for queries; rebuilt from the document at any time. */
export const checklistItems = sqliteTable(
	'checklist_items',
	{
		docName: text('doc_name')
			.notNull()
			.references(() => syncDocuments.name, { onDelete: 'cascade' }),
		itemId: text('item_id').notNull(),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		phase: text('phase').notNull(),
		text: text('text').notNull(),
		done: integer('done', { mode: 'boolean' }).notNull(),
		assignee: text('assignee'),
		due: text('due'),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.docName, t.itemId] }), index('checklist_items_org_idx').on(t.organizationId, t.phase)]
);

/**
 * SQL for collaboration documents: the registry of which documents exist and who owns them, the
 * first update of a new document, and the checklist projection. Every query that lists
 * documents is scoped by organization.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { ChecklistItem } from '../../domain/checklist/doc';
import type { Db } from '../db/client';
import { preparedOnce } from '../db/prepared';
import { logSequence } from '../db/log-sequence';
import { checklistItems, syncDocuments, syncUpdates } from '../db/schema';

export type DocRow = typeof syncDocuments.$inferSelect;
export type ChecklistItemRow = typeof checklistItems.$inferSelect;

const takeLogSeq = preparedOnce((db) => logSequence(db.$client));

// Asked on every sync handshake: built and prepared once (db/prepared.ts).
const docByName = preparedOnce((db) =>
	db
		.select()
		.from(syncDocuments)
		.where(eq(syncDocuments.name, sql.placeholder('name')))
		.prepare()
);

export const docRepo = {
	insert(db: Db, row: typeof syncDocuments.$inferInsert): void {
		db.insert(syncDocuments).values(row).run();
	},
	/** Any organization's document: callers check ownership (the sync handshake does). */
	get(db: Db, name: string): DocRow | undefined {
		return docByName(db).get({ name });
	},
	list(db: Db, organizationId: string): DocRow[] {
		return db
			.select()
			.from(syncDocuments)
			.where(eq(syncDocuments.organizationId, organizationId))
			.orderBy(asc(syncDocuments.createdAt), asc(syncDocuments.name))
			.all();
	},
	/** The document's first content, written in the creation transaction. */
	appendInitialUpdate(db: Db, name: string, update: Uint8Array): void {
		db.insert(syncUpdates)
			.values({ docName: name, seq: takeLogSeq(db)(1), data: Buffer.from(update), createdAt: new Date() })
			.run();
	}
};

export const checklistItemRepo = {
	/** Replaces the document's rows with `items` (idempotent: same items, same rows). */
	replace(db: Db, doc: Pick<DocRow, 'name' | 'organizationId'>, items: ChecklistItem[], now: Date): void {
		db.delete(checklistItems).where(eq(checklistItems.docName, doc.name)).run();
		const seen = new Set<string>();
		const rows = [];
		for (const [position, it] of items.entries()) {
			if (seen.has(it.id)) continue; // two clients may insert the same id: first one wins
			seen.add(it.id);
			rows.push({
				docName: doc.name,
				itemId: it.id,
				organizationId: doc.organizationId,
				position,
				phase: it.phase,
				text: it.text,
				done: it.done,
				assignee: it.assignee,
				due: it.due,
				updatedAt: now
			});
		}
		for (let i = 0; i < rows.length; i += 200)
			db.insert(checklistItems)
				.values(rows.slice(i, i + 200))
				.run();
	},
	list(db: Db, organizationId: string, docName: string): ChecklistItemRow[] {
		return db
			.select()
			.from(checklistItems)
			.where(and(eq(checklistItems.organizationId, organizationId), eq(checklistItems.docName, docName)))
			.orderBy(asc(checklistItems.position))
			.all();
	}
};

/** SQL for field progress logs and their photos; every query scoped by organization. */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { progressLogs, uploads, users } from '../db/schema';

export type ProgressLogRow = typeof progressLogs.$inferSelect;
export type UploadRow = typeof uploads.$inferSelect;

export const progressRepo = {
	/** Inserts unless the organization already has a log with this key; returns whether it did. */
	insertOnce(db: Db, row: typeof progressLogs.$inferInsert): boolean {
		return db.insert(progressLogs).values(row).onConflictDoNothing().run().changes === 1;
	},
	byKey(db: Db, organizationId: string, key: string): ProgressLogRow | undefined {
		return db
			.select()
			.from(progressLogs)
			.where(and(eq(progressLogs.organizationId, organizationId), eq(progressLogs.idempotencyKey, key)))
			.get();
	},
	forAction(db: Db, organizationId: string, actionId: string, limit = 100) {
		return db
			.select({ log: progressLogs, authorName: users.name })
			.from(progressLogs)
			.leftJoin(users, eq(users.id, progressLogs.authorId))
			.where(and(eq(progressLogs.organizationId, organizationId), eq(progressLogs.actionId, actionId)))
			.orderBy(desc(progressLogs.createdAt))
			.limit(limit)
			.all();
	},
	authorName(db: Db, organizationId: string, userId: string | null): string | null {
		if (!userId) return null;
		return (
			db
				.select({ name: users.name })
				.from(users)
				.where(and(eq(users.organizationId, organizationId), eq(users.id, userId)))
				.get()?.name ?? null
		);
	}
};

export const uploadRepo = {
	insert(db: Db, row: typeof uploads.$inferInsert): void {
		db.insert(uploads).values(row).run();
	},
	get(db: Db, organizationId: string, id: string): UploadRow | undefined {
		return db
			.select()
			.from(uploads)
			.where(and(eq(uploads.organizationId, organizationId), eq(uploads.id, id)))
			.get();
	},
	forLogs(db: Db, organizationId: string, logIds: string[]): UploadRow[] {
		if (logIds.length === 0) return [];
		return db
			.select()
			.from(uploads)
			.where(and(eq(uploads.organizationId, organizationId), inArray(uploads.progressLogId, logIds)))
			.all();
	}
};

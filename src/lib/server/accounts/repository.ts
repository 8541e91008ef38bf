/**
 * SQL for organizations, members, sessions, invitations and API tokens. Every query that touches
 * an agency's rows is scoped by `organizationId`. Returns plain records, never drizzle objects.
 */
import { and, asc, count, desc, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Role } from '../../domain/auth/roles';
import type { Db } from '../db/client';
import { preparedOnce } from '../db/prepared';
import { activity, apiTokens, districts, invitations, organizations, sessions, users } from '../db/schema';

export type OrganizationRow = typeof organizations.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

export const organizationRepo = {
	count(db: Db): number {
		return db.select({ n: count() }).from(organizations).get()?.n ?? 0;
	},
	insert(db: Db, row: typeof organizations.$inferInsert): void {
		db.insert(organizations).values(row).run();
	},
	get(db: Db, id: string): OrganizationRow | undefined {
		return db.select().from(organizations).where(eq(organizations.id, id)).get();
	},
	first(db: Db): OrganizationRow | undefined {
		return db.select().from(organizations).orderBy(asc(organizations.createdAt)).limit(1).get();
	},
	bySlug(db: Db, slug: string): OrganizationRow | undefined {
		return db.select().from(organizations).where(eq(organizations.slug, slug)).get();
	},
	update(db: Db, id: string, patch: Partial<Pick<OrganizationRow, 'name' | 'timeZone'>>): void {
		db.update(organizations).set(patch).where(eq(organizations.id, id)).run();
	}
};

export const userRepo = {
	insert(db: Db, row: typeof users.$inferInsert): void {
		db.insert(users).values(row).run();
	},
	byEmail(db: Db, email: string): UserRow | undefined {
		return db.select().from(users).where(eq(users.email, email)).get();
	},
	/** Only finds the user inside `organizationId`. */
	get(db: Db, organizationId: string, id: string): UserRow | undefined {
		return db
			.select()
			.from(users)
			.where(and(eq(users.id, id), eq(users.organizationId, organizationId)))
			.get();
	},
	list(db: Db, organizationId: string): UserRow[] {
		return db.select().from(users).where(eq(users.organizationId, organizationId)).orderBy(asc(users.name)).all();
	},
	countActiveAdmins(db: Db, organizationId: string): number {
		return (
			db
				.select({ n: count() })
				.from(users)
				.where(and(eq(users.organizationId, organizationId), eq(users.role, 'admin'), isNull(users.disabledAt)))
				.get()?.n ?? 0
		);
	},
	update(
		db: Db,
		organizationId: string,
		id: string,
		patch: Partial<Pick<UserRow, 'role' | 'disabledAt' | 'name' | 'passwordHash'>>
	): number {
		return db
			.update(users)
			.set(patch)
			.where(and(eq(users.id, id), eq(users.organizationId, organizationId)))
			.run().changes;
	},
	setRole(db: Db, organizationId: string, id: string, role: Role): number {
		return userRepo.update(db, organizationId, id, { role });
	}
};

// Asked on every request and every sync handshake: built and prepared once (db/prepared.ts).
const sessionWithUser = preparedOnce((db) =>
	db
		.select()
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, sql.placeholder('id')))
		.prepare()
);
const tokenWithUser = preparedOnce((db) =>
	db
		.select()
		.from(apiTokens)
		.innerJoin(users, eq(apiTokens.userId, users.id))
		.where(and(eq(apiTokens.tokenHash, sql.placeholder('tokenHash')), isNull(apiTokens.revokedAt)))
		.prepare()
);

export const sessionRepo = {
	insert(db: Db, row: SessionRow): void {
		db.insert(sessions).values(row).run();
	},
	getWithUser(db: Db, id: string): { session: SessionRow; user: UserRow } | undefined {
		const row = sessionWithUser(db).get({ id });
		return row ? { session: row.sessions, user: row.users } : undefined;
	},
	touch(db: Db, id: string, lastSeenAt: Date, expiresAt: Date): void {
		db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id)).run();
	},
	delete(db: Db, id: string): void {
		db.delete(sessions).where(eq(sessions.id, id)).run();
	},
	deleteForUser(db: Db, userId: string, exceptId?: string): void {
		const where = exceptId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptId)) : eq(sessions.userId, userId);
		db.delete(sessions).where(where).run();
	},
	deleteExpired(db: Db, now: Date): number {
		return db.delete(sessions).where(lt(sessions.expiresAt, now)).run().changes;
	}
};

export const invitationRepo = {
	insert(db: Db, row: typeof invitations.$inferInsert): void {
		db.insert(invitations).values(row).run();
	},
	byTokenHash(db: Db, tokenHash: string): (InvitationRow & { organizationName: string }) | undefined {
		const row = db
			.select()
			.from(invitations)
			.innerJoin(organizations, eq(invitations.organizationId, organizations.id))
			.where(eq(invitations.tokenHash, tokenHash))
			.get();
		return row ? { ...row.invitations, organizationName: row.organizations.name } : undefined;
	},
	/** Marks accepted only if still open; returns false when another request got there first. */
	markAccepted(db: Db, id: string, at: Date): boolean {
		return (
			db
				.update(invitations)
				.set({ acceptedAt: at })
				.where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
				.run().changes === 1
		);
	},
	listOpen(db: Db, organizationId: string, now: Date): InvitationRow[] {
		return db
			.select()
			.from(invitations)
			.where(
				and(
					eq(invitations.organizationId, organizationId),
					isNull(invitations.acceptedAt),
					isNull(invitations.revokedAt),
					gt(invitations.expiresAt, now)
				)
			)
			.orderBy(desc(invitations.createdAt))
			.all();
	},
	revoke(db: Db, organizationId: string, id: string, at: Date): number {
		return db
			.update(invitations)
			.set({ revokedAt: at })
			.where(and(eq(invitations.id, id), eq(invitations.organizationId, organizationId), isNull(invitations.acceptedAt)))
			.run().changes;
	},
	revokeOpenForEmail(db: Db, organizationId: string, email: string, at: Date): void {
		db.update(invitations)
			.set({ revokedAt: at })
			.where(
				and(
					eq(invitations.organizationId, organizationId),
					eq(invitations.email, email),
					isNull(invitations.acceptedAt),
					isNull(invitations.revokedAt)
				)
			)
			.run();
	}
};

export const apiTokenRepo = {
	insert(db: Db, row: typeof apiTokens.$inferInsert): void {
		db.insert(apiTokens).values(row).run();
	},
	byHashWithUser(db: Db, tokenHash: string): { token: ApiTokenRow; user: UserRow } | undefined {
		const row = tokenWithUser(db).get({ tokenHash });
		return row ? { token: row.api_tokens, user: row.users } : undefined;
	},
	listForUser(db: Db, organizationId: string, userId: string): ApiTokenRow[] {
		return db
			.select()
			.from(apiTokens)
			.where(and(eq(apiTokens.organizationId, organizationId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
			.orderBy(desc(apiTokens.createdAt))
			.all();
	},
	revoke(db: Db, organizationId: string, userId: string, id: string, at: Date): number {
		return db
			.update(apiTokens)
			.set({ revokedAt: at })
			.where(
				and(eq(apiTokens.id, id), eq(apiTokens.organizationId, organizationId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))
			)
			.run().changes;
	},
	touch(db: Db, id: string, at: Date): void {
		db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run();
	}
};

export const districtRepo = {
	list(db: Db, organizationId: string) {
		return db.select().from(districts).where(eq(districts.organizationId, organizationId)).orderBy(asc(districts.code)).all();
	},
	insert(db: Db, row: typeof districts.$inferInsert): void {
		db.insert(districts).values(row).run();
	}
};

export const activityRepo = {
	record(
		db: Db,
		row: { organizationId: string; actorId: string | null; type: string; subject?: string; data?: Record<string, unknown>; at?: Date }
	): void {
		db.insert(activity)
			.values({ ...row, subject: row.subject ?? null, data: row.data ?? null, at: row.at ?? new Date() })
			.run();
	},
	recent(db: Db, organizationId: string, limit = 20) {
		return db
			.select({
				id: activity.id,
				type: activity.type,
				subject: activity.subject,
				data: activity.data,
				at: activity.at,
				actorId: activity.actorId,
				actorName: users.name
			})
			.from(activity)
			.leftJoin(users, eq(activity.actorId, users.id))
			.where(eq(activity.organizationId, organizationId))
			.orderBy(desc(activity.at), desc(activity.id))
			.limit(limit)
			.all();
	}
};

/**
 * Sessions as in the Lucia guide: the client holds a random token; the database holds only its
 * SHA-256. Sessions end after an idle period or an absolute lifetime, whichever comes first.
 */
import type { Database_ } from '../db/client';
import { sessionRepo, type SessionRow, type UserRow } from '../accounts/repository';
import { hashToken, randomToken } from './tokens';

export const SESSION_COOKIE = 'civicloop_session';

export interface SessionPolicy {
	idleMs: number;
	maxMs: number;
}

export interface ValidSession {
	session: SessionRow;
	user: UserRow;
}

/** Don't write `last_seen_at` more often than this (one write per minute per session at most). */
const TOUCH_EVERY_MS = 60_000;

function expiry(createdAt: number, lastSeenAt: number, p: SessionPolicy): Date {
	return new Date(Math.min(createdAt + p.maxMs, lastSeenAt + p.idleMs));
}

export function createSessionStore(database: Database_, policy: SessionPolicy) {
	const { db } = database;
	return {
		/** Starts a new session for `user`; returns the token to put in the cookie. */
		create(user: Pick<UserRow, 'id' | 'organizationId'>, now = Date.now()): { token: string; expiresAt: Date } {
			const token = randomToken();
			const expiresAt = expiry(now, now, policy);
			sessionRepo.insert(db, {
				id: hashToken(token),
				userId: user.id,
				organizationId: user.organizationId,
				createdAt: new Date(now),
				lastSeenAt: new Date(now),
				expiresAt
			});
			return { token, expiresAt };
		},

		/** The session and its user for a cookie token, or null when unknown, expired or disabled. */
		validate(token: string, now = Date.now()): ValidSession | null {
			if (!/^[a-z2-7]{32}$/.test(token)) return null;
			const id = hashToken(token);
			const found = sessionRepo.getWithUser(db, id);
			if (!found) return null;
			const { session, user } = found;
			if (session.expiresAt.getTime() <= now || user.disabledAt) {
				sessionRepo.delete(db, id);
				return null;
			}
			if (now - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
				const expiresAt = expiry(session.createdAt.getTime(), now, policy);
				sessionRepo.touch(db, id, new Date(now), expiresAt);
				session.lastSeenAt = new Date(now);
				session.expiresAt = expiresAt;
			}
			return { session, user };
		},

		invalidate(token: string): void {
			sessionRepo.delete(db, hashToken(token));
		},
		invalidateById(id: string): void {
			sessionRepo.delete(db, id);
		},
		invalidateUser(userId: string, exceptSessionId?: string): void {
			sessionRepo.deleteForUser(db, userId, exceptSessionId);
		},
		purgeExpired(now = Date.now()): number {
			return sessionRepo.deleteExpired(db, new Date(now));
		}
	};
}

export type SessionStore = ReturnType<typeof createSessionStore>;

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiTokenRepo, sessionRepo } from '../accounts/repository';
import { docRepo } from '../docs/repository';
import { createDb, type Database_ } from './client';
import { preparedOnce } from './prepared';
import { apiTokens, organizations, sessions, users } from './schema';

let database: Database_;

beforeEach(() => {
	database = createDb(':memory:');
	database.db.insert(organizations).values({ id: 'o1', name: 'O', slug: 'o', timeZone: 'UTC' }).run();
	database.db
		.insert(users)
		.values({ id: 'u1', organizationId: 'o1', email: 'a@b.gov', name: 'A', role: 'editor', passwordHash: 'x' })
		.run();
});
afterEach(() => database.close());

describe('preparedOnce', () => {
	it('builds once per database', () => {
		let built = 0;
		const q = preparedOnce((db) => {
			built++;
			return db.select().from(users).prepare();
		});
		const other = createDb(':memory:');
		expect(q(database.db)).toBe(q(database.db));
		expect(q(other.db)).not.toBe(q(database.db));
		expect(built).toBe(2);
		other.close();
	});

	it('prepared lookups see every later write, inside and outside transactions (nothing is cached but the statement)', () => {
		database.db.insert(apiTokens).values({ id: 't1', organizationId: 'o1', userId: 'u1', name: 'n', tokenHash: 'h1' }).run();
		expect(apiTokenRepo.byHashWithUser(database.db, 'h1')?.user.role).toBe('editor');
		database.sqlite.prepare("update users set role = 'viewer', disabled_at = 5 where id = 'u1'").run();
		const found = apiTokenRepo.byHashWithUser(database.db, 'h1');
		expect(found?.user).toMatchObject({ role: 'viewer', disabledAt: new Date(5) });
		expect(found?.token.createdAt).toBeInstanceOf(Date);
		database.tx((t) => apiTokenRepo.revoke(t, 'o1', 'u1', 't1', new Date()));
		expect(apiTokenRepo.byHashWithUser(database.db, 'h1')).toBeUndefined();

		const at = new Date(1_000);
		database.db
			.insert(sessions)
			.values({ id: 's1', userId: 'u1', organizationId: 'o1', createdAt: at, lastSeenAt: at, expiresAt: at })
			.run();
		expect(sessionRepo.getWithUser(database.db, 's1')?.session.expiresAt).toEqual(at);
		database.tx((t) => {
			sessionRepo.delete(t, 's1');
			expect(sessionRepo.getWithUser(t, 's1')).toBeUndefined();
		});

		expect(docRepo.get(database.db, 'checklist:x')).toBeUndefined();
		database.tx((t) => {
			docRepo.insert(t, { name: 'checklist:x', organizationId: 'o1', kind: 'checklist', title: 'X' });
			expect(docRepo.get(t, 'checklist:x')?.title).toBe('X'); // inside the open transaction
		});
		expect(docRepo.get(database.db, 'checklist:x')).toMatchObject({ organizationId: 'o1', kind: 'checklist' });
	});
});

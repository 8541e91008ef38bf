import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Database_ } from '../db/client';
import { organizations, users } from '../db/schema';
import { createSessionStore } from './session';
import { hashToken } from './tokens';

const HOUR = 3_600_000;
let database: Database_;
const user = { id: 'u1', organizationId: 'o1' };

beforeEach(() => {
	database = createDb(':memory:');
	database.db.insert(organizations).values({ id: 'o1', name: 'O', slug: 'o', timeZone: 'UTC' }).run();
	database.db
		.insert(users)
		.values({ ...user, email: 'a@b.gov', name: 'A', role: 'admin', passwordHash: 'x' })
		.run();
});
afterEach(() => database.close());

describe('session store', () => {
	it('issues 160-bit tokens, stores only their SHA-256, and never reuses one', () => {
		const store = createSessionStore(database, { idleMs: HOUR, maxMs: 24 * HOUR });
		const tokens = new Set<string>();
		for (let i = 0; i < 200; i++) tokens.add(store.create(user).token);
		expect(tokens.size).toBe(200);
		const [t] = tokens;
		expect(t).toMatch(/^[a-z2-7]{32}$/); // 32 base32 chars = 160 bits
		const ids = database.sqlite.prepare('select id from sessions').pluck().all() as string[];
		expect(ids).not.toContain(t);
		expect(ids).toContain(hashToken(t!));
	});

	it('ends a session after the idle timeout, and touching it extends it', () => {
		const store = createSessionStore(database, { idleMs: 2 * HOUR, maxMs: 100 * HOUR });
		const { token } = store.create(user, 0);
		expect(store.validate(token, 1.5 * HOUR)).not.toBeNull();
		expect(store.validate(token, 3 * HOUR)).not.toBeNull(); // last seen at 1.5 h, idle limit 3.5 h
		expect(store.validate(token, 6 * HOUR)).toBeNull();
		expect(store.validate(token, 3 * HOUR)).toBeNull(); // deleted, not just expired
	});

	it('ends a session at its absolute lifetime even when used constantly', () => {
		const store = createSessionStore(database, { idleMs: 2 * HOUR, maxMs: 5 * HOUR });
		const { token } = store.create(user, 0);
		for (let t = HOUR; t < 5 * HOUR; t += HOUR) expect(store.validate(token, t)).not.toBeNull();
		expect(store.validate(token, 5 * HOUR + 1)).toBeNull();
	});

	it('refuses sessions of a disabled user and malformed tokens', () => {
		const store = createSessionStore(database, { idleMs: HOUR, maxMs: 2 * HOUR });
		const { token } = store.create(user, 0);
		database.sqlite.prepare('update users set disabled_at = 1').run();
		expect(store.validate(token, 1)).toBeNull();
		expect(store.validate('../../etc', 1)).toBeNull();
		expect(store.validate('', 1)).toBeNull();
	});

	it('invalidates all sessions of a user except the current one', () => {
		const store = createSessionStore(database, { idleMs: HOUR, maxMs: 2 * HOUR });
		const a = store.create(user, 0);
		const b = store.create(user, 0);
		store.invalidateUser(user.id, hashToken(a.token));
		expect(store.validate(a.token, 1)).not.toBeNull();
		expect(store.validate(b.token, 1)).toBeNull();
	});
});

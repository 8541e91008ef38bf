import { describe, expect, it } from 'vitest';
import { checkSentinel, type LocalDb, type MetaRow } from './local-store';

function fakeDb() {
	const meta = new Map<string, MetaRow>();
	return {
		db: { meta: { get: async (k: string) => meta.get(k), put: async (r: MetaRow) => void meta.set(r.key, r) } } as unknown as LocalDb,
		meta
	};
}

function fakeStorage() {
	const m = new Map<string, string>();
	return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('checkSentinel', () => {
	it('is fresh the first time, then ok', async () => {
		const { db } = fakeDb();
		const storage = fakeStorage();
		expect(await checkSentinel(db, 'u1', storage)).toBe('fresh');
		expect(await checkSentinel(db, 'u1', storage)).toBe('ok');
	});

	it('reports eviction when the database lost its sentinel but this browser had data', async () => {
		const storage = fakeStorage();
		await checkSentinel(fakeDb().db, 'u1', storage);
		const wiped = fakeDb();
		expect(await checkSentinel(wiped.db, 'u1', storage)).toBe('evicted');
		expect(wiped.meta.has('sentinel')).toBe(true);
		expect(await checkSentinel(wiped.db, 'u1', storage)).toBe('ok');
	});

	it('keeps accounts apart', async () => {
		const storage = fakeStorage();
		await checkSentinel(fakeDb().db, 'u1', storage);
		expect(await checkSentinel(fakeDb().db, 'u2', storage)).toBe('fresh');
	});
});

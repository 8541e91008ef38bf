import { describe, expect, it } from 'vitest';
import type { LocalDb, OutboxRow } from './local-store';
import { enqueue, flush, nextDue, retryItem, type FlushDeps } from './outbox';

/** Just enough of a Dexie table, in memory, for the outbox. */
function fakeDb() {
	const rows = new Map<string, OutboxRow>();
	const outbox = {
		add: async (r: OutboxRow) => void rows.set(r.id, { ...r }),
		orderBy: () => ({ toArray: async () => [...rows.values()].sort((a, b) => a.createdAt - b.createdAt).map((r) => ({ ...r })) }),
		delete: async (id: string) => void rows.delete(id),
		update: async (id: string, patch: Partial<OutboxRow>) => {
			const r = rows.get(id);
			if (r) rows.set(id, { ...r, ...patch });
		},
		each: async (fn: (r: OutboxRow) => void) => [...rows.values()].forEach(fn)
	};
	return { db: { name: 'test', outbox } as unknown as LocalDb, rows };
}

function server(answers: (number | 'down')[]) {
	const seen: { key: string | null; body: string; url: string }[] = [];
	const fetch = (async (url: string, init: RequestInit) => {
		const headers = new Headers(init.headers);
		seen.push({ key: headers.get('idempotency-key'), body: String(init.body), url });
		const a = answers.shift() ?? 201;
		if (a === 'down') throw new TypeError('Failed to fetch');
		return new Response(JSON.stringify(a >= 400 ? { error: { code: 'x', message: `refused ${a}` } } : { ok: true }), {
			status: a,
			headers: { 'content-type': 'application/json' }
		});
	}) as unknown as typeof globalThis.fetch;
	return { fetch, seen };
}

function clock(start = 1_000) {
	let t = start;
	return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('outbox', () => {
	it('sends items in order with their id as the idempotency key, then deletes them', async () => {
		const { db, rows } = fakeDb();
		const c = clock();
		const a = await enqueue(db, { url: '/api/a', body: { n: 1 } }, c.now());
		const b = await enqueue(db, { url: '/api/b', body: { n: 2 } }, c.advance(1));
		expect(Object.isFrozen(a)).toBe(true);
		const s = server([201, 200]);
		const r = await flush(db, { fetch: s.fetch, now: c.now, random: () => 0.5 });
		expect(r).toEqual({ delivered: 2, failed: 0, waiting: false });
		expect(s.seen.map((x) => [x.url, x.key, x.body])).toEqual([
			['/api/a', a.id, '{"n":1}'],
			['/api/b', b.id, '{"n":2}']
		]);
		expect(rows.size).toBe(0);
	});

	it('retries network errors, 5xx and 429 with backoff, holding later items back, and resends the same body', async () => {
		const { db, rows } = fakeDb();
		const c = clock();
		const a = await enqueue(db, { url: '/api/a', body: { n: 1 } }, c.now());
		await enqueue(db, { url: '/api/b', body: { n: 2 } }, c.advance(1));
		const s = server(['down', 503, 429, 201, 201]);
		const deps: FlushDeps = { fetch: s.fetch, now: c.now, random: () => 0 };
		expect((await flush(db, deps)).waiting).toBe(true);
		expect(rows.get(a.id)).toMatchObject({ attempts: 1, status: 'pending', url: '/api/a', body: '{"n":1}' });
		expect(await flush(db, deps)).toEqual({ delivered: 0, failed: 0, waiting: true }); // not due yet
		expect(s.seen).toHaveLength(1);
		for (let i = 0; i < 3; i++) {
			c.advance(10 * 60_000);
			await flush(db, deps);
		}
		expect(rows.size).toBe(0);
		expect(s.seen.map((x) => x.url)).toEqual(['/api/a', '/api/a', '/api/a', '/api/a', '/api/b']);
		expect(new Set(s.seen.slice(0, 4).map((x) => x.key))).toEqual(new Set([a.id]));
	});

	it('keeps a refused write as failed with the server message, and goes on with the next', async () => {
		const { db, rows } = fakeDb();
		const c = clock();
		const a = await enqueue(db, { url: '/api/a', body: {} }, c.now());
		await enqueue(db, { url: '/api/b', body: {} }, c.advance(1));
		const s = server([422, 201]);
		expect(await flush(db, { fetch: s.fetch, now: c.now, random: () => 0 })).toEqual({ delivered: 1, failed: 1, waiting: false });
		expect(rows.get(a.id)).toMatchObject({ status: 'failed', lastError: 'refused 422' });
		await retryItem(db, a.id, c.now());
		expect(await nextDue(db)).toBe(c.now());
	});
	it('sends an item with files as multipart: the frozen JSON in payload, the files beside it, the same key', async () => {
		const { db, rows } = fakeDb();
		const c = clock();
		const photo = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: 'image/jpeg' });
		const item = await enqueue(
			db,
			{ url: '/api/p', body: { note: 'pothole filled' }, files: [{ field: 'photo', name: 'a.jpg', blob: photo }] },
			c.now()
		);
		const bodies: unknown[] = [];
		const keys: (string | null)[] = [];
		const fetch = (async (_url: string, init: RequestInit) => {
			bodies.push(init.body);
			keys.push(new Headers(init.headers).get('idempotency-key'));
			expect(new Headers(init.headers).get('content-type')).toBeNull(); // the browser sets the boundary
			return new Response('{}', { status: bodies.length === 1 ? 503 : 201 });
		}) as unknown as typeof globalThis.fetch;
		await flush(db, { fetch, now: c.now, random: () => 0 });
		c.advance(60_000);
		await flush(db, { fetch, now: c.now, random: () => 0 });
		expect(keys).toEqual([item.id, item.id]);
		for (const b of bodies) {
			const form = b as FormData;
			expect(form.get('payload')).toBe('{"note":"pothole filled"}');
			const f = form.get('photo') as File;
			expect([f.name, f.size]).toEqual(['a.jpg', 4]);
		}
		expect(rows.size).toBe(0);
	});
});

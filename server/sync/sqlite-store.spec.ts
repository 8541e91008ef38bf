import { cpSync, fstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { createDb } from '../../src/lib/server/db/client';
import { docRepo } from '../../src/lib/server/docs/repository';
import { heldIo } from '../../tests/helpers/held-io';
import { createSqliteDocStore, openSqliteDocStore } from './sqlite-store';
import type { DocStore } from './store';
import { docStoreContract } from './store.contract';

function tempDb() {
	const dir = mkdtempSync(join(tmpdir(), 'civicloop-store-'));
	const path = join(dir, 'test.db');
	createDb(path).close(); // applies the migrations
	return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A store opened on a new database, closed (its threads let go of the files) and removed after `fn`. */
async function withStore(
	opts: Parameters<typeof openSqliteDocStore>[1],
	fn: (t: { path: string; store: DocStore }) => Promise<void>
): Promise<void> {
	const { path, remove } = tempDb();
	const store = openSqliteDocStore(path, opts);
	try {
		await fn({ path, store });
	} finally {
		await store.close();
		remove();
	}
}

docStoreContract('SQLite', () => {
	const { path, remove } = tempDb();
	const store = openSqliteDocStore(path);
	return {
		store,
		dispose: async () => {
			await store.close(); // resolves once the checkpointer thread has let go of the files
			remove();
		}
	};
});

describe('SQLite DocStore', () => {
	it('keeps what was committed across a reopen', async () => {
		const { path, remove } = tempDb();
		try {
			const doc = new Y.Doc();
			const updates: Uint8Array[] = [];
			doc.on('update', (u: Uint8Array) => updates.push(u));
			doc.getArray('a').push([1, 2, 3]);
			const first = openSqliteDocStore(path);
			first.appendBatch(updates.map((update) => ({ name: 'doc:x', update })));
			await first.close();
			const second = openSqliteDocStore(path);
			const loaded = second.load('doc:x');
			await second.close();
			const copy = new Y.Doc();
			for (const u of loaded.updates) Y.applyUpdate(copy, u.data);
			expect(copy.getArray('a').toArray()).toEqual([1, 2, 3]);
		} finally {
			remove();
		}
	});

	it('stores nothing of a batch that fails', async () => {
		await withStore({}, async ({ store }) => {
			expect(() =>
				store.appendBatch([
					{ name: 'doc:y', update: new Uint8Array([0, 0]) },
					{ name: null as unknown as string, update: new Uint8Array([0, 0]) }
				])
			).toThrow();
			expect(store.load('doc:y').updates).toEqual([]);
		});
	});

	it('commits asynchronous batches durably and answers them in order', async () => {
		await withStore({}, async ({ path, store }) => {
			const doc = new Y.Doc();
			const updates: Uint8Array[] = [];
			doc.on('update', (u: Uint8Array) => updates.push(u));
			for (let i = 0; i < 100; i++) doc.getMap('m').set(`k${i}`, i);
			const answered: number[][] = [];
			const batches = [updates.slice(0, 60), updates.slice(60)].map(
				(part) =>
					new Promise<void>((ok, ko) =>
						store.appendBatchAsync!(
							part.map((update) => ({ name: 'doc:t', update })),
							(err, s) => (err ? ko(err) : ok(void answered.push(s)))
						)
					)
			);
			await Promise.all(batches);
			expect(answered.map((s) => s.length)).toEqual([60, 40]);
			expect(answered[1]![0]).toBeGreaterThan(answered[0]!.at(-1)!);
			await store.close();
			const again = openSqliteDocStore(path);
			const copy = new Y.Doc();
			for (const u of again.load('doc:t').updates) Y.applyUpdate(copy, u.data);
			await again.close();
			expect(copy.getMap('m').size).toBe(100);
		});
	});

	it('starts the WAL over under writes that never pause, instead of letting it grow without end', async () => {
		// the first page count past which the writers are held, kept small so the test writes little
		await withStore({ checkpointEveryMs: 5, walResetFrames: 64 }, async ({ path, store }) => {
			let largest = 0;
			const batches = 2000;
			// each batch is committed as soon as the one before is answered, as under steady load:
			// a plain PASSIVE checkpoint never finds a moment with no writer, so the WAL would reach tens of MB
			for (let i = 0; i < batches; i++) {
				const entries = Array.from({ length: 6 }, (_, d) => ({ name: `doc:w${d}`, update: new Uint8Array(200).fill(i % 251) }));
				await new Promise<void>((ok, ko) => store.appendBatchAsync!(entries, (err) => (err ? ko(err) : ok())));
				largest = Math.max(largest, statSync(`${path}-wal`).size);
			}
			expect(largest).toBeLessThan(8 * 1024 * 1024);
			expect(store.load('doc:w3').updates).toHaveLength(batches);
		});
	});

	describe('durability: nothing is answered before the WAL file is synced', () => {
		const entry = (i: number) => ({ name: 'doc:d', update: new Uint8Array([i]) });
		const turn = () => new Promise((ok) => setImmediate(ok));
		/** an opened store whose WAL syncs the test finishes by hand, closed and removed after `fn` */
		function withHeldStore(fn: (t: { path: string; store: DocStore } & ReturnType<typeof heldIo>) => Promise<void>) {
			const h = heldIo();
			return withStore({ io: h.io }, (t) => fn({ ...t, ...h }));
		}

		it('answers a batch only once a sync of the WAL file that started after its commit has finished', () =>
			withHeldStore(async ({ store, path, held }) => {
				const answers: (Error | null)[] = [];
				store.appendBatchAsync!([entry(1)], (err) => answers.push(err));
				await turn();
				expect(answers).toEqual([]); // committed, not yet on disk
				expect(held).toHaveLength(1);
				// the file synced is the database's write-ahead log
				expect(fstatSync(held[0]!.fd).ino).toBe(statSync(`${path}-wal`).ino);
				held[0]!.finish();
				expect(answers).toEqual([null]);
			}));

		it('makes a batch committed during a sync wait for the next sync, and keeps the order of answers', () =>
			withHeldStore(async ({ store, held }) => {
				const order: string[] = [];
				store.appendBatchAsync!([entry(1)], () => order.push('a'));
				store.appendBatchAsync!([entry(2)], () => order.push('b'));
				store.appendBatchAsync!([entry(3)], () => order.push('c'));
				expect(held).toHaveLength(1); // one sync at a time; b and c wait for the next
				held[0]!.finish();
				expect(order).toEqual(['a']);
				expect(held).toHaveLength(2); // the next one started at once, for both
				held[1]!.finish();
				expect(order).toEqual(['a', 'b', 'c']);
			}));

		it('fails the batches a failed sync covered, and every later one: nothing is claimed durable until a restart', () =>
			withHeldStore(async ({ store, held }) => {
				const answers: [string, number][] = [];
				store.appendBatchAsync!([entry(1)], (err, seqs) => answers.push([err?.message ?? 'ok', seqs.length]));
				held[0]!.finish(new Error('EIO: i/o error, fdatasync'));
				store.appendBatchAsync!([entry(2)], (err, seqs) => answers.push([err?.message ?? 'ok', seqs.length]));
				held[1]!.finish();
				expect(answers).toEqual([
					['EIO: i/o error, fdatasync', 0],
					[expect.stringMatching(/could not be synced to disk \(EIO.*restart the server/), 0]
				]);
				expect(() => store.append('doc:d', new Uint8Array([3]))).toThrow(/restart the server/);
			}));

		it('answers a batch that could not be stored in its turn, after the batches before it', () =>
			withHeldStore(async ({ store, held }) => {
				const order: string[] = [];
				store.appendBatchAsync!([entry(1)], (err) => order.push(err ? 'a failed' : 'a'));
				store.appendBatchAsync!([{ name: null as unknown as string, update: new Uint8Array([0]) }], (err) =>
					order.push(err ? 'b failed' : 'b')
				);
				held[0]!.finish();
				held[1]!.finish();
				expect(order).toEqual(['a', 'b failed']);
			}));

		it('settles by syncing on the calling thread: everything is answered at once, in order, and only once', () =>
			withHeldStore(async ({ store, held, syncedNow }) => {
				const order: string[] = [];
				store.appendBatchAsync!([entry(1)], () => order.push('a'));
				store.appendBatchAsync!([entry(2)], () => order.push('b'));
				store.settle!();
				expect(syncedNow).toHaveLength(1);
				expect(order).toEqual(['a', 'b']);
				held[0]!.finish(); // the asynchronous sync ends later: nothing is answered twice
				expect(order).toEqual(['a', 'b']);
				store.settle!(); // nothing due: no sync
				expect(syncedNow).toHaveLength(1);
			}));

		it('syncs a synchronous append before it returns', () =>
			withHeldStore(async ({ store, syncedNow }) => {
				store.append('doc:d', new Uint8Array([1]));
				expect(syncedNow).toHaveLength(1);
				store.appendBatch([entry(2), entry(3)]);
				expect(syncedNow).toHaveLength(2);
			}));

		it('throws from a synchronous append whose sync failed (it is not known to be on disk)', async () => {
			const { path, remove } = tempDb();
			const { io } = heldIo();
			const store = openSqliteDocStore(path, {
				io: {
					...io,
					fdatasyncSync: () => {
						throw new Error('EIO: i/o error, fdatasync');
					}
				}
			});
			try {
				expect(() => store.append('doc:d', new Uint8Array([1]))).toThrow('EIO: i/o error, fdatasync');
				expect(() => store.appendBatch([entry(2)])).toThrow('EIO: i/o error, fdatasync');
			} finally {
				await store.close();
				remove();
			}
		});
	});

	it("keeps each document's log together: compacting one of 50 busy documents rewrites only its own pages", () => {
		const { path, remove } = tempDb();
		const sqlite = new Database(path);
		sqlite.pragma('wal_autocheckpoint = 0');
		const store = createSqliteDocStore(sqlite, { ownsConnection: true });
		try {
			// 50 documents edited at once, 500 updates each: their log entries arrive interleaved
			const docs = Array.from({ length: 50 }, (_, i) => ({ name: `questionnaire:busy-${i}`, doc: new Y.Doc() }));
			for (let round = 0; round < 500; round++)
				store.appendBatch(
					docs.map(({ name, doc }) => {
						const updates: Uint8Array[] = [];
						doc.once('update', (u: Uint8Array) => updates.push(u));
						doc.getMap('m').set('k', round);
						return { name, update: updates[0]! };
					})
				);
			sqlite.pragma('wal_checkpoint(TRUNCATE)');
			const snap = store.compact('questionnaire:busy-7');
			expect(snap?.seq).toBeGreaterThan(0);
			expect(store.load('questionnaire:busy-7').updates).toEqual([]);
			expect(store.load('questionnaire:busy-8').updates).toHaveLength(500);
			// pages written by the compaction (WAL frames): its snapshot and its own entries. With the
			// log kept in global order, every page held one entry of each document: about 500 pages.
			const [frames] = sqlite.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
			expect(frames!.log).toBeLessThan(40);
		} finally {
			store.close();
			remove();
		}
	});

	it.skipIf(process.platform !== 'linux')(
		'compacts on a thread that leaves the CPU to the event loop first (nice +10; Linux only: read from /proc)',
		() =>
			withStore({}, async ({ store }) => {
				// the nice value of every thread of this process (field 19 of /proc/self/task/<tid>/stat)
				const lowered = () =>
					readdirSync('/proc/self/task')
						.map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]))
						.filter((nice) => nice === Math.min(19, getPriority() + 10)).length;
				const before = lowered();
				const doc = new Y.Doc();
				doc.on('update', (update: Uint8Array) => store.append('doc:nice', update));
				doc.getMap('m').set('k', 1);
				doc.getMap('m').set('k', 2);
				const snap = await new Promise((ok, ko) => store.compactAsync!('doc:nice', (err, s) => (err ? ko(err) : ok(s))));
				expect(snap).not.toBeNull();
				expect(lowered()).toBe(before + 1);
			})
	);

	it('compacts again from the document it merged last, and from what is stored once someone else wrote the snapshot', async () => {
		await withStore({}, async ({ store }) => {
			const compactAsync = () => new Promise<unknown>((ok, ko) => store.compactAsync!('doc:again', (err, s) => (err ? ko(err) : ok(s))));
			const state = () => {
				const d = new Y.Doc();
				const { snapshot, updates } = store.load('doc:again');
				if (snapshot) Y.applyUpdate(d, snapshot.data);
				for (const u of updates) Y.applyUpdate(d, u.data);
				return { text: d.getText('t').toString(), map: d.getMap('m').toJSON(), rows: updates.length };
			};
			const doc = new Y.Doc();
			doc.on('update', (update: Uint8Array) => store.append('doc:again', update));
			const text = doc.getText('t');
			// rounds merged on the thread, each from the document it kept (the log after its snapshot only)
			for (let round = 0; round < 4; round++) {
				text.insert(text.length, `round ${round}; `);
				for (let i = 0; i < 20; i++) doc.getMap('m').set(`k${i % 5}`, round * 100 + i);
				text.delete(0, 2);
				await compactAsync();
				expect(state()).toEqual({ text: text.toString(), map: doc.getMap('m').toJSON(), rows: 0 });
			}
			// another writer compacts (this connection, as when the thread is gone): what the thread
			// kept is stale, and merging the log after it would lose these edits
			text.insert(0, 'written elsewhere ');
			store.compact('doc:again');
			text.insert(text.length, 'after');
			await compactAsync();
			expect(state()).toEqual({ text: text.toString(), map: doc.getMap('m').toJSON(), rows: 0 });
			expect(text.toString()).toMatch(/^written elsewhere .*after$/);
			// and the next round again from what the thread kept
			doc.getMap('m').set('last', 1);
			await compactAsync();
			expect(state()).toEqual({ text: text.toString(), map: doc.getMap('m').toJSON(), rows: 0 });
		});
	});

	it('numbers seeded documents and stored updates from one sequence, across connections', async () => {
		await withStore({}, async ({ path, store }) => {
			const app = createDb(path);
			try {
				const a = store.append('doc:a', new Uint8Array([0, 0]));
				docRepo.appendInitialUpdate(app.db, 'doc:seeded', new Uint8Array([0, 0]));
				const seeded = store.load('doc:seeded').updates.map((u) => u.seq);
				const b = store.appendBatch([{ name: 'doc:a', update: new Uint8Array([0, 0]) }])[0]!;
				expect(seeded).toEqual([a + 1]);
				expect(b).toBe(a + 2);
			} finally {
				app.close();
			}
		});
	});

	it('moves an existing log into the new layout, and never gives a sequence number twice', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'civicloop-migrate-'));
		try {
			// the migrations up to 0006, the layout before (AUTOINCREMENT, entries in global order)
			const before = join(dir, 'drizzle-0006');
			cpSync(join(import.meta.dirname, '../../drizzle'), before, { recursive: true });
			const journalPath = join(before, 'meta/_journal.json');
			const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
			writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx <= 6) }));
			const path = join(dir, 'old.db');
			const old = new Database(path);
			migrate(drizzle(old), { migrationsFolder: before });
			const doc = new Y.Doc();
			const updates: Uint8Array[] = [];
			doc.on('update', (u: Uint8Array) => updates.push(u));
			for (let i = 0; i < 6; i++) doc.getArray('a').push([i]);
			const insert = old.prepare('insert into sync_updates (doc_name, data, created_at) values (?, ?, 0)');
			for (const [i, u] of updates.entries()) insert.run(i < 5 ? 'checklist:kept' : 'checklist:gone', u);
			old.prepare('delete from sync_updates where doc_name = ?').run('checklist:gone'); // the highest seq, given and gone
			const highest = old.prepare("select seq from sqlite_sequence where name = 'sync_updates'").pluck().get() as number;
			old.close();

			createDb(path).close(); // applies 0007
			const store = openSqliteDocStore(path);
			try {
				const kept = store.load('checklist:kept').updates;
				expect(kept.map((u) => u.seq)).toEqual([1, 2, 3, 4, 5]);
				const copy = new Y.Doc();
				for (const u of kept) Y.applyUpdate(copy, u.data);
				expect(copy.getArray('a').toArray()).toEqual([0, 1, 2, 3, 4]);
				expect(store.append('checklist:kept', updates[5]!)).toBe(highest + 1);
			} finally {
				await store.close();
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('checkpoints the WAL on its worker thread (no automatic checkpoint inside a commit)', async () => {
		await withStore({ checkpointEveryMs: 20 }, async ({ path, store }) => {
			const before = statSync(path).size;
			store.appendBatch(Array.from({ length: 2000 }, (_, i) => ({ name: 'doc:w', update: new Uint8Array(200).fill(i % 256) })));
			// the pages reach the database file only through a checkpoint
			await new Promise<void>((ok, ko) => {
				const deadline = Date.now() + 10_000;
				const t = setInterval(() => {
					if (statSync(path).size > before + 200_000) ok(clearInterval(t));
					else if (Date.now() > deadline) ko(new Error(`no checkpoint: ${statSync(path).size} bytes`));
				}, 10);
			});
		});
	});
});

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDb } from '../../src/lib/server/db/client';
import { openSqliteDocStore } from './sqlite-store';
import { docStoreContract } from './store.contract';

function tempDb() {
	const dir = mkdtempSync(join(tmpdir(), 'civicloop-store-'));
	const path = join(dir, 'test.db');
	createDb(path).close(); // applies the migrations
	return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
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
	it('keeps what was committed across a reopen, on a FULL-synchronous connection', async () => {
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
		const { path, remove } = tempDb();
		const store = openSqliteDocStore(path);
		try {
			expect(() =>
				store.appendBatch([
					{ name: 'doc:y', update: new Uint8Array([0, 0]) },
					{ name: null as unknown as string, update: new Uint8Array([0, 0]) }
				])
			).toThrow();
			expect(store.load('doc:y').updates).toEqual([]);
		} finally {
			await store.close();
			remove();
		}
	});

	it('commits asynchronous batches on its commit thread, durably', async () => {
		const { path, remove } = tempDb();
		const errors: Error[] = [];
		const store = openSqliteDocStore(path, { onThreadError: (err) => errors.push(err) });
		try {
			const doc = new Y.Doc();
			const updates: Uint8Array[] = [];
			doc.on('update', (u: Uint8Array) => updates.push(u));
			for (let i = 0; i < 100; i++) doc.getMap('m').set(`k${i}`, i);
			const seqs = await new Promise<number[]>((ok, ko) =>
				store.appendBatchAsync!(
					updates.map((update) => ({ name: 'doc:t', update })),
					(err, s) => (err ? ko(err) : ok(s))
				)
			);
			expect(seqs).toHaveLength(100);
			await store.close();
			expect(errors).toEqual([]); // the thread ran: a thread that fails to start is reported here
			const again = openSqliteDocStore(path);
			const copy = new Y.Doc();
			for (const u of again.load('doc:t').updates) Y.applyUpdate(copy, u.data);
			await again.close();
			expect(copy.getMap('m').size).toBe(100);
		} finally {
			await store.close();
			remove();
		}
	});

	it('checkpoints the WAL on its worker thread (no automatic checkpoint inside a commit)', async () => {
		const { path, remove } = tempDb();
		const store = openSqliteDocStore(path, { checkpointEveryMs: 20 });
		try {
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
		} finally {
			await store.close();
			remove();
		}
	});
});

/**
 * The app's own connection never checkpoints the WAL inside one of its commits (that would copy
 * every page written since the last checkpoint to the database file and sync it, on the event
 * loop, in the middle of a request): the checkpointer thread the context starts does it, for
 * the app's writes as for the sync log's and intake's.
 */
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/lib/server/context';
import { testContext } from '../helpers/context';

let ctx: AppContext & { dispose(): Promise<void> };
beforeAll(async () => {
	ctx = await testContext();
});
afterAll(async () => ctx?.dispose());

describe("the app's database connection", () => {
	it('leaves checkpoints to the checkpointer thread, which copies its writes to the database file', async () => {
		const { sqlite, path } = ctx.database;
		expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
		const before = statSync(path).size;
		// 1,500 pages of 4 kB through the app's connection: past the 1,000 of an automatic checkpoint
		const insert = sqlite.prepare('insert into sync_updates (doc_name, seq, data, created_at) values (?, ?, zeroblob(4000), 0)');
		sqlite.transaction(() => {
			for (let i = 0; i < 1500; i++) insert.run(`checklist:${i % 10}`, i + 1);
		})();
		expect(ctx.metrics.walBytes!()).toBeGreaterThan(1500 * 4096); // /healthz reports it
		await new Promise<void>((ok, ko) => {
			const deadline = Date.now() + 10_000;
			const poll = setInterval(() => {
				if (statSync(path).size > before + 4_000_000) ok(clearInterval(poll));
				else if (Date.now() > deadline) ko((clearInterval(poll), new Error(`never checkpointed: ${statSync(path).size} bytes`)));
			}, 10);
		});
	});
});

/**
 * Convergence soak: stock WebsocketProviders make seeded random edits to one checklist with
 * random disconnects and reconnects; all replicas converge, every edit is acknowledged as
 * stored, and a fresh client after a server restart loads the same document from SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, itemsOf, itemText, PHASES, readChecklist, removeItem, updateItem } from '../../src/lib/domain/checklist/doc';
import { SyncHarness, until, type TestProvider } from '../helpers/sync-harness';

/** mulberry32: a small seeded PRNG, so a failing seed can be replayed. */
function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const state = (d: Y.Doc) => JSON.stringify({ meta: d.getMap('meta').toJSON(), items: itemsOf(d).toJSON() });

function randomEdit(d: Y.Doc, r: ReturnType<typeof prng>, n: number) {
	const items = readChecklist(d).items;
	const item = items.length ? r.pick(items) : null;
	switch (r.int(6)) {
		case 0:
			return addItem(
				d,
				{ id: `i${n}-${d.clientID}`, phase: r.pick(PHASES), text: `step ${n}`, assignee: null, due: null, notes: '', evidence: null },
				r.int(items.length + 1)
			);
		case 1:
			if (item) removeItem(d, item.id);
			return;
		case 2:
			if (item) updateItem(d, item.id, { done: !item.done });
			return;
		case 3: {
			const t = item && itemText(d, item.id);
			if (t) t.insert(r.int(t.length + 1), String.fromCharCode(97 + r.int(26)).repeat(1 + r.int(3)));
			return;
		}
		case 4: {
			const t = item && itemText(d, item.id);
			if (t && t.length) t.delete(r.int(t.length), 1);
			return;
		}
		default:
			d.getMap('meta').set('title', `title ${n}`);
	}
}

describe('convergence', () => {
	let h: SyncHarness | undefined;
	afterEach(async () => h?.dispose());

	for (const seed of [1, 2, 3])
		it(`seed ${seed}: 4 clients, 400 random edits, random disconnects, then a reload from SQLite`, async () => {
			h = await SyncHarness.start();
			const r = prng(seed);
			const org = h.org();
			const editors = [h.member(org, 'editor'), h.member(org, 'field'), h.member(org, 'analyst')];
			const name = h.checklist(editors[0]!, 'cycle');
			const clients: TestProvider[] = [0, 1, 2, 3].map((i) => h!.provider(name, editors[i % editors.length]!));
			await Promise.all(clients.map((c) => c.synced()));

			for (let n = 0; n < 400; n++) {
				const c = r.pick(clients);
				if (r.next() < 0.04) {
					if (c.provider.shouldConnect) c.provider.disconnect();
					else c.provider.connect();
				}
				randomEdit(c.doc, r, n);
				// let the network run now and then, so edits interleave with syncing
				if (r.next() < 0.3) await new Promise<void>((ok) => setImmediate(ok));
			}
			for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
			await Promise.all(clients.map((c) => c.synced()));

			const converged = () =>
				new Set(clients.map((c) => state(c.doc))).size === 1 &&
				clients.every((c) => Y.encodeStateVector(c.doc).join() === Y.encodeStateVector(clients[0]!.doc).join());
			await until(
				converged,
				(again) => {
					for (const c of clients) c.doc.on('update', again);
					return () => clients.forEach((c) => c.doc.off('update', again));
				},
				'convergence'
			);
			await Promise.all(clients.map((c) => c.allStored()));
			const expected = state(clients[0]!.doc);

			// restart the server on the same database and load from it
			const dir = h.dir;
			await h.stop();
			const again = await SyncHarness.start({}, dir);
			try {
				const fresh = again.provider(name, editors[0]!);
				await fresh.synced();
				expect(state(fresh.doc)).toBe(expected);
				expect(again.sync.stats().readOnlyDropped).toBe(0);
			} finally {
				await again.stop();
			}
		});
});

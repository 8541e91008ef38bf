/**
 * The one behaviour every DocStore must have. Imported by memory-store.spec.ts and
 * sqlite-store.spec.ts; add a spec file that calls it for any new implementation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocStore, StoredDoc } from './store';

/** Edits made through a real Y.Doc, captured as the updates a client would send. */
function editor(seed = 1) {
	const doc = new Y.Doc();
	doc.clientID = seed;
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	return { doc, updates, map: doc.getMap<number>('m'), text: doc.getText('t') };
}

function rebuild(stored: StoredDoc): Y.Doc {
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.data);
	for (const u of stored.updates) Y.applyUpdate(doc, u.data);
	return doc;
}

export function docStoreContract(label: string, open: () => { store: DocStore; dispose(): void | Promise<void> }) {
	describe(`DocStore contract: ${label}`, () => {
		let store: DocStore;
		let dispose: () => void | Promise<void>;
		beforeEach(() => ({ store, dispose } = open()));
		afterEach(() => dispose());

		it('loads an unknown document as empty', () => {
			expect(store.load('checklist:none')).toEqual({ snapshot: null, updates: [] });
			expect(store.compact('checklist:none')).toBeNull();
		});

		it('appends in order with increasing sequence numbers, per document', () => {
			const a = editor(1);
			const b = editor(2);
			const seqs: number[] = [];
			for (let i = 0; i < 5; i++) {
				a.map.set(`k${i}`, i);
				b.text.insert(0, `${i}`);
				seqs.push(store.append('doc:a', a.updates.at(-1)!), store.append('doc:b', b.updates.at(-1)!));
			}
			expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
			expect(new Set(seqs).size).toBe(seqs.length);
			const la = store.load('doc:a');
			expect(la.updates.map((u) => [...u.data])).toEqual(a.updates.map((u) => [...u]));
			expect(rebuild(la).getMap('m').toJSON()).toEqual(a.map.toJSON());
			expect(rebuild(store.load('doc:b')).getText('t').toString()).toBe(b.text.toString());
		});

		it('stores a batch in one call and returns one sequence number per entry', () => {
			const a = editor(3);
			for (let i = 0; i < 10; i++) a.map.set(`k${i}`, i);
			const seqs = store.appendBatch(a.updates.map((update, i) => ({ name: i % 2 ? 'doc:odd' : 'doc:even', update })));
			expect(seqs).toHaveLength(10);
			expect(store.load('doc:odd').updates.map((u) => u.seq)).toEqual(seqs.filter((_, i) => i % 2));
			expect(store.appendBatch([])).toEqual([]);
		});

		it('compacts the log into one snapshot with the same content', () => {
			const a = editor(4);
			for (let i = 0; i < 300; i++) a.map.set(`k${i % 40}`, i);
			a.text.insert(0, 'hello world');
			a.text.delete(0, 6);
			for (const u of a.updates) store.append('doc:c', u);
			const snap = store.compact('doc:c')!;
			expect(snap.seq).toBeGreaterThan(0);
			const after = store.load('doc:c');
			expect(after.updates).toEqual([]);
			expect(after.snapshot?.seq).toBe(snap.seq);
			const doc = rebuild(after);
			expect(doc.getMap('m').toJSON()).toEqual(a.map.toJSON());
			expect(doc.getText('t').toString()).toBe('world');
			expect(Y.decodeStateVector(snap.stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(a.doc)));
			// the remainder carries the deletions a client at that state vector needs
			const client = new Y.Doc();
			Y.applyUpdate(client, Y.encodeStateAsUpdate(a.doc));
			Y.applyUpdate(client, snap.remainder);
			expect(client.getText('t').toString()).toBe('world');
			expect(store.stats('doc:c')).toMatchObject({ docs: 1, updates: 0, snapshots: 1 });
		});

		it('keeps appending after compaction, and compacts again', () => {
			const a = editor(5);
			a.map.set('x', 1);
			store.append('doc:d', a.updates.at(-1)!);
			const first = store.compact('doc:d')!;
			expect(store.compact('doc:d')).toEqual(first); // nothing new: unchanged
			a.map.set('y', 2);
			const seq = store.append('doc:d', a.updates.at(-1)!);
			expect(seq).toBeGreaterThan(first.seq);
			const mid = store.load('doc:d');
			expect(mid.updates.map((u) => u.seq)).toEqual([seq]);
			expect(rebuild(mid).getMap('m').toJSON()).toEqual({ x: 1, y: 2 });
			const second = store.compact('doc:d')!;
			expect(second.seq).toBe(seq);
			expect(rebuild(store.load('doc:d')).getMap('m').toJSON()).toEqual({ x: 1, y: 2 });
		});

		it('keeps what a document is, not every value it had: a field set 5,000 times compacts to a few bytes', () => {
			const a = editor(7);
			const b = editor(8);
			for (let i = 0; i < 5000; i++) a.map.set('progress', i);
			b.text.insert(0, 'kept');
			// compacted every 500 entries, as the server does
			for (let i = 0; i < a.updates.length; i += 500) {
				store.appendBatch(a.updates.slice(i, i + 500).map((update) => ({ name: 'doc:busy', update })));
				store.compact('doc:busy');
			}
			store.append('doc:busy', b.updates[0]!);
			const snap = store.compact('doc:busy')!;
			expect(snap.data.length).toBeLessThan(200); // every one of the 5,000 values kept: about 60 kB
			const doc = rebuild(store.load('doc:busy'));
			expect(doc.getMap('m').get('progress')).toBe(4999);
			expect(doc.getText('t').toString()).toBe('kept');
			// a client that saw every value, and one that saw none, converge with it
			for (const client of [a.doc, new Y.Doc()]) {
				Y.applyUpdate(client, Y.diffUpdate(snap.data, Y.encodeStateVector(client)));
				expect(client.getMap('m').get('progress')).toBe(4999);
				expect(client.getText('t').toString()).toBe('kept');
			}
		});

		it('compacts thousands of small updates', () => {
			const a = editor(6);
			for (let i = 0; i < 3000; i++) a.map.set(`k${i}`, i);
			store.appendBatch(a.updates.map((update) => ({ name: 'doc:big', update })));
			expect(store.stats('doc:big')).toMatchObject({ updates: 3000 });
			store.compact('doc:big');
			expect(rebuild(store.load('doc:big')).getMap('m').size).toBe(3000);
		});

		it('records who made each update in the edit history, in the same call, and keeps it through compaction', () => {
			const a = editor(8);
			a.map.set('before', 1); // content from before history was kept
			store.append('doc:h', a.updates.at(-1)!);
			expect(store.history('doc:h')).toEqual([]);
			a.map.set('x', 2);
			const s1 = store.append('doc:h', a.updates.at(-1)!, { author: 'ana' });
			a.map.set('y', 3);
			a.map.set('z', 4);
			const [s2, s3] = store.appendBatch([
				{ name: 'doc:h', update: a.updates.at(-2)!, history: { author: 'ben' } },
				{ name: 'doc:h', update: a.updates.at(-1)!, history: { author: null } }
			]);
			store.append('doc:other', a.updates.at(-1)!); // not recorded
			store.compact('doc:h');
			const h = store.history('doc:h');
			expect(h.map((e) => [e.seq, e.author])).toEqual([
				[null, null],
				[s1, 'ana'],
				[s2, 'ben'],
				[s3, null]
			]);
			expect([...h.map((e) => e.id)].sort((x, y) => x - y)).toEqual(h.map((e) => e.id));
			const base = new Y.Doc();
			Y.applyUpdate(base, h[0]!.data);
			expect(base.getMap('m').toJSON()).toEqual({ before: 1 });
			for (const e of h.slice(1)) Y.applyUpdate(base, e.data);
			expect(base.getMap('m').toJSON()).toEqual({ before: 1, x: 2, y: 3, z: 4 });
			expect(h.every((e) => e.at > 0)).toBe(true);
			expect(store.history('doc:other')).toEqual([]);
		});

		it('gives the history index without the bytes and the entries of an id range with them', () => {
			const a = editor(13);
			a.map.set('before', 1);
			store.append('doc:idx', a.updates.at(-1)!);
			for (let i = 0; i < 6; i++) {
				a.map.set(`k${i}`, i);
				store.append('doc:idx', a.updates.at(-1)!, { author: i % 2 ? 'ben' : 'ana' });
			}
			const b = editor(14);
			b.map.set('elsewhere', 1);
			store.append('doc:idx-other', b.updates.at(-1)!, { author: 'ana' }); // another document between ids
			a.map.set('k6', 6);
			store.append('doc:idx', a.updates.at(-1)!, { author: null });
			store.compact('doc:idx');
			const full = store.history('doc:idx');
			expect(full).toHaveLength(8);
			const index = store.historyIndex('doc:idx');
			expect(index).toEqual(full.map(({ id, seq, author, at }) => ({ id, seq, author, at })));
			expect(index.every((e) => !('data' in e))).toBe(true);
			expect(store.historyIndex('doc:none')).toEqual([]);

			const ids = full.map((e) => e.id);
			expect(store.historyRange('doc:idx', ids[0]!, ids.at(-1)!)).toEqual(full);
			expect(store.historyRange('doc:idx', ids[2]!, ids[4]!)).toEqual(full.slice(2, 5));
			expect(store.historyRange('doc:idx', ids[3]!, ids[3]!)).toEqual([full[3]]);
			// bounds between the document's ids, beyond them, and empty ranges
			expect(store.historyRange('doc:idx', ids[6]! + 1, ids[7]!)).toEqual([full[7]]);
			expect(store.historyRange('doc:idx', 0, ids[1]!)).toEqual(full.slice(0, 2));
			expect(store.historyRange('doc:idx', ids[7]! + 1, ids[7]! + 100)).toEqual([]);
			expect(store.historyRange('doc:idx', ids[4]!, ids[3]!)).toEqual([]);
			expect(store.historyRange('doc:none', 0, 1e9)).toEqual([]);
			// the entries apply to the document's content, baseline first
			const d = new Y.Doc();
			for (const e of store.historyRange('doc:idx', 0, 1e9)) Y.applyUpdate(d, e.data);
			expect(d.getMap('m').toJSON()).toEqual(a.map.toJSON());
		});

		it('starts the history of a new document without a baseline', () => {
			const a = editor(9);
			a.map.set('k', 1);
			store.appendBatch([{ name: 'doc:new', update: a.updates[0]!, history: { author: 'ana' } }]);
			expect(store.history('doc:new').map((e) => e.author)).toEqual(['ana']);
		});

		/** appendBatchAsync, for stores that have it: what the sync server's group commit uses. */
		const async = (entries: Parameters<NonNullable<DocStore['appendBatchAsync']>>[0]) =>
			new Promise<number[]>((ok, ko) => store.appendBatchAsync!(entries, (err, seqs) => (err ? ko(err) : ok(seqs))));

		it('stores asynchronous batches in the order given, answered on a later turn', async () => {
			const a = editor(10);
			for (let i = 0; i < 30; i++) a.map.set(`k${i}`, i);
			let answered = false;
			const first = async(a.updates.slice(0, 10).map((update) => ({ name: 'doc:async', update })));
			void first.then(() => (answered = true));
			expect(answered).toBe(false);
			const [s1, s2, s3] = await Promise.all([
				first,
				async(a.updates.slice(10, 20).map((update) => ({ name: 'doc:async', update }))),
				async(a.updates.slice(20).map((update) => ({ name: 'doc:async', update, history: { author: 'ana' } })))
			]);
			const seqs = [...s1!, ...s2!, ...s3!];
			expect(seqs).toHaveLength(30);
			expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
			expect(store.load('doc:async').updates.map((u) => u.seq)).toEqual(seqs);
			expect(rebuild(store.load('doc:async')).getMap('m').toJSON()).toEqual(a.map.toJSON());
			// the first recorded edit of a document with content gets its baseline, as with appendBatch
			expect(store.history('doc:async').map((e) => [e.seq, e.author])).toEqual([[null, null], ...s3!.map((q) => [q, 'ana'])]);
			a.map.set('later', 1);
			const [s4, s5] = await async([
				{ name: 'doc:async', update: a.updates.at(-1)!, history: { author: 'ben' } },
				{ name: 'doc:async', update: a.updates.at(-1)!, history: { author: null } }
			]);
			expect(
				store
					.history('doc:async')
					.slice(-2)
					.map((e) => [e.seq, e.author])
			).toEqual([
				[s4, 'ben'],
				[s5, null]
			]);
			expect(store.history('doc:async').at(-1)!.data).toEqual(a.updates.at(-1));
		});

		it('settles: every asynchronous batch is stored and answered before settle returns', () => {
			const a = editor(11);
			for (let i = 0; i < 50; i++) a.map.set(`k${i}`, i);
			const answers: number[][] = [];
			for (let i = 0; i < 5; i++)
				store.appendBatchAsync!(
					a.updates.slice(i * 10, i * 10 + 10).map((update) => ({ name: 'doc:settle', update })),
					(err, seqs) => answers.push(err ? [] : seqs)
				);
			store.settle!();
			expect(answers.map((x) => x.length)).toEqual([10, 10, 10, 10, 10]);
			expect(store.load('doc:settle').updates).toHaveLength(50);
		});

		it('answers a failed asynchronous batch with its error and stores none of it', async () => {
			const a = editor(12);
			a.map.set('k', 1);
			await expect(
				async([
					{ name: 'doc:failed', update: a.updates[0]! },
					{ name: null as unknown as string, update: a.updates[0]! }
				])
			).rejects.toThrow();
			expect(store.load('doc:failed').updates).toEqual([]);
			expect(await async([{ name: 'doc:failed', update: a.updates[0]! }])).toHaveLength(1); // and it goes on
		});

		it('keeps documents apart', () => {
			const a = editor(7);
			a.map.set('only', 'a' as unknown as number);
			store.append('doc:e', a.updates[0]!);
			store.compact('doc:e');
			expect(store.load('doc:f')).toEqual({ snapshot: null, updates: [] });
			const all = store.stats();
			expect(all.docs).toBe(1);
		});
	});
}

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocContent } from './doc-content';
import { buildSnapshot, type StoredDoc } from './store';
import { scanUpdate } from './updates';

/** A document stored as a compacted snapshot plus a log tail. */
function stored(snapshotEdits: (d: Y.Doc) => void, tailEdits: (d: Y.Doc) => void) {
	const doc = new Y.Doc();
	const log: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => log.push(u));
	snapshotEdits(doc);
	const atSnapshot = Y.encodeStateAsUpdate(doc);
	const snapshot = buildSnapshot({ snapshot: null, updates: log.map((data, i) => ({ seq: i + 1, data })) })!;
	const n = log.length;
	tailEdits(doc);
	const updates = log.slice(n).map((data, i) => ({ seq: n + i + 1, data }));
	return { doc, atSnapshot, value: { snapshot, updates } satisfies StoredDoc };
}

/** The same insertion by the same client id: identical structs, no deletions. */
function insertionOnly(doc: Y.Doc): Uint8Array {
	const copy = new Y.Doc();
	copy.clientID = doc.clientID;
	copy.getText('t').insert(0, 'abcdef');
	return Y.encodeStateAsUpdate(copy);
}

function applyReply(target: Y.Doc, content: DocContent) {
	const r = content.reply(Y.encodeStateVector(target));
	if (r.update) Y.applyUpdate(target, r.update);
	Y.applyUpdate(target, r.step2);
}

describe('DocContent: answering sync step 1 from stored bytes', () => {
	it('sends the stored snapshot itself to a client that has nothing', () => {
		const s = stored(
			(d) => d.getMap('m').set('a', 1),
			() => {}
		);
		const content = new DocContent(s.value);
		expect(content.reply(new Uint8Array([0])).step2).toBe(s.value.snapshot.data);
		expect(content.stateVector()).toEqual(Y.encodeStateVector(s.doc));
	});

	it('sends an up-to-date client only the deletions, found in the remainder and the tail', () => {
		const s = stored(
			(d) => {
				d.getText('t').insert(0, 'abcdef');
				d.getText('t').delete(0, 1); // in the snapshot's delete set
			},
			(d) => d.getText('t').delete(0, 1) // a deletion-only log entry
		);
		const content = new DocContent(s.value);
		// a client holding every struct (the insertion) but neither deletion: same state vector
		const client = new Y.Doc();
		Y.applyUpdate(client, insertionOnly(s.doc));
		expect(Y.encodeStateVector(client)).toEqual(Y.encodeStateVector(s.doc));
		applyReply(client, content);
		expect(client.getText('t').toString()).toBe('cdef');
	});

	it('brings a client that is behind the snapshot up to date', () => {
		const s = stored(
			(d) => {
				for (let i = 0; i < 50; i++) d.getMap('m').set(`k${i}`, i);
			},
			(d) => d.getMap('m').set('tail', true)
		);
		const content = new DocContent(s.value);
		const client = new Y.Doc();
		Y.applyUpdate(client, s.atSnapshot.slice()); // has the snapshot's state
		const behind = new Y.Doc();
		behind.clientID = 999;
		behind.getMap('m').set('mine', 1);
		applyReply(behind, content);
		expect(behind.getMap('m').get('tail')).toBe(true);
		expect(behind.getMap('m').get('k49')).toBe(49);
	});

	it('tracks the state vector as stored updates are added', () => {
		const s = stored(
			(d) => d.getMap('m').set('a', 1),
			() => {}
		);
		const content = new DocContent(s.value);
		s.doc.on('update', (u: Uint8Array) => content.push({ seq: 100, data: u }, scanUpdate(u)));
		s.doc.getMap('m').set('b', 2);
		expect(content.stateVector()).toEqual(Y.encodeStateVector(s.doc));
		const c = new Y.Doc();
		applyReply(c, content);
		expect(c.getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
	});
});

describe('DocContent: recognising what is already stored', () => {
	it('holds a re-sent full state whose deletions are in the snapshot and the tail, but not a new deletion', () => {
		const s = stored(
			(d) => {
				d.getText('t').insert(0, 'abcdef');
				d.getText('t').delete(0, 1); // in the snapshot's delete set (its remainder)
			},
			(d) => d.getText('t').delete(2, 1) // in the tail
		);
		const content = new DocContent(s.value);
		expect(content.holdsAll(scanUpdate(Y.encodeStateAsUpdate(s.doc)))).toBe(true);
		s.doc.getText('t').delete(0, 1);
		expect(content.holdsAll(scanUpdate(Y.encodeStateAsUpdate(s.doc)))).toBe(false);
	});

	it('learns deletions stored after it first looked', () => {
		const s = stored(
			(d) => d.getText('t').insert(0, 'abcdef'),
			() => {}
		);
		const content = new DocContent(s.value);
		s.doc.getText('t').delete(1, 2);
		const update = Y.encodeStateAsUpdate(s.doc);
		expect(content.holdsAll(scanUpdate(update))).toBe(false);
		content.push({ seq: 99, data: update }, scanUpdate(update));
		expect(content.holdsAll(scanUpdate(Y.encodeStateAsUpdate(s.doc)))).toBe(true);
	});

	it('keeps its snapshot when handed an older one (a compaction answered late)', () => {
		const s = stored(
			(d) => d.getMap('m').set('a', 1),
			(d) => d.getMap('m').set('b', 2)
		);
		const content = new DocContent(s.value);
		const newer = buildSnapshot(s.value)!;
		content.replaceSnapshot(newer);
		expect(content.tailRows).toBe(0);
		content.replaceSnapshot(s.value.snapshot); // older: would drop the entries it does not hold
		const copy = new Y.Doc();
		Y.applyUpdate(copy, content.full());
		expect(copy.getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
	});
});

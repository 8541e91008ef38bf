import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collapsed, snapshotOf } from './merge.js';
import { Coverage, covers, decodeStateVector, describeSnapshot, mergeMany, scanUpdate } from './updates';

function edits(n: number, client = 1) {
	const doc = new Y.Doc();
	doc.clientID = client;
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	for (let i = 0; i < n; i++) doc.getMap('m').set(`k${i}`, i);
	return { doc, updates };
}

describe('mergeMany', () => {
	it('merges thousands of updates into the same content as applying them', () => {
		const { doc, updates } = edits(2000);
		const merged = mergeMany(updates);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, merged);
		expect(copy.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
		expect(Y.encodeStateVectorFromUpdate(merged)).toEqual(Y.encodeStateVector(doc));
	});

	it('gives an empty update for nothing, and the update itself for one', () => {
		expect(Y.decodeUpdate(mergeMany([])).structs).toEqual([]);
		const { updates } = edits(1);
		expect(mergeMany(updates)).toBe(updates[0]);
	});
});

describe('scanUpdate', () => {
	it('reports the clock range and end state vector of an update', () => {
		const { doc, updates } = edits(3, 7);
		const info = scanUpdate(Y.encodeStateAsUpdate(doc));
		expect(info.ranges).toEqual([[7, 0, 3]]);
		expect(info.to).toEqual(new Map([[7, 3]]));
		expect(info.deletes).toBe(false);
		expect(scanUpdate(updates[2]!).ranges).toEqual([[7, 2, 3]]);
	});

	it('sees deletions, which state vectors do not show', () => {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'abc');
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		doc.getText('t').delete(0, 1);
		const info = scanUpdate(updates[0]!);
		expect(info.structs).toBe(0);
		expect(info.deletes).toBe(true);
	});

	it('throws on garbage and truncation rather than letting it be stored', () => {
		const { doc } = edits(5);
		const full = Y.encodeStateAsUpdate(doc);
		expect(() => scanUpdate(full.slice(0, full.length - 3))).toThrow();
		expect(() => scanUpdate(new Uint8Array([1, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]))).toThrow();
		expect(() => scanUpdate(new Uint8Array([]))).toThrow();
	});
});

describe('Coverage', () => {
	it('claims only clocks held contiguously, and joins runs once a gap fills', () => {
		const c = new Coverage();
		c.add(1, 0, 5);
		c.add(1, 8, 10); // gap 5..8
		expect(c.sv.get(1)).toBe(5);
		c.add(1, 10, 12);
		expect(c.sv.get(1)).toBe(5);
		c.add(1, 5, 8);
		expect(c.sv.get(1)).toBe(12);
		expect(Y.decodeStateVector(c.encode())).toEqual(new Map([[1, 12]]));
	});

	it('answers whether an update is already held', () => {
		const { updates } = edits(4, 3);
		const c = new Coverage();
		for (const u of updates.slice(0, 3)) c.addUpdate(scanUpdate(u));
		expect(c.holds(scanUpdate(updates[1]!))).toBe(true);
		expect(c.holds(scanUpdate(updates[3]!))).toBe(false);
		expect(covers(c.sv, new Map([[3, 3]]))).toBe(true);
		expect(covers(c.sv, new Map([[3, 4]]))).toBe(false);
	});
});

describe('describeSnapshot', () => {
	it('keeps the delete set in the remainder', () => {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'hello');
		const before = Y.encodeStateAsUpdate(doc);
		doc.getText('t').delete(0, 2);
		const { stateVector, remainder } = describeSnapshot(Y.encodeStateAsUpdate(doc));
		expect(stateVector).toEqual(Y.encodeStateVector(doc));
		const client = new Y.Doc();
		Y.applyUpdate(client, before);
		Y.applyUpdate(client, remainder);
		expect(client.getText('t').toString()).toBe('llo');
	});
});

describe('snapshotOf', () => {
	/** what a client holding exactly the snapshot's state vector gets from the remainder: the deletions */
	const deletedBy = (remainder: Uint8Array, before: Uint8Array) => {
		const client = new Y.Doc();
		Y.applyUpdate(client, before);
		Y.applyUpdate(client, remainder);
		return client.getText('t').toString();
	};

	it('describes a document as describeSnapshot describes its encoding, without decoding it again', () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		doc.getText('t').insert(0, 'hello world');
		const before = Y.encodeStateAsUpdate(doc);
		doc.getText('t').delete(0, 6);
		doc.getMap('m').set('k', 1);
		doc.getMap('m').set('k', 2);
		const merged = collapsed(updates);
		const snap = snapshotOf(merged, 7);
		const described = describeSnapshot(snap.data);
		expect(snap.seq).toBe(7);
		expect(decodeStateVector(snap.stateVector)).toEqual(decodeStateVector(described.stateVector));
		expect(deletedBy(snap.remainder, before)).toBe('world');
		expect(deletedBy(described.remainder, before)).toBe('world');
	});

	it('keeps updates that wait for a missing one, in the snapshot and its remainder', () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		doc.getText('t').insert(0, 'a');
		doc.getText('t').insert(1, 'b');
		doc.getText('t').insert(2, 'c');
		// the middle update is missing: the last one waits for it
		const merged = collapsed([updates[0]!, updates[2]!]);
		expect(merged.store.pendingStructs).not.toBeNull();
		const snap = snapshotOf(merged, 3);
		expect(decodeStateVector(snap.stateVector)).toEqual(decodeStateVector(describeSnapshot(snap.data).stateVector));
		const client = new Y.Doc();
		Y.applyUpdate(client, snap.data);
		Y.applyUpdate(client, updates[1]!);
		expect(client.getText('t').toString()).toBe('abc');
		// a client holding exactly the state vector gets the waiting update from the remainder
		const holder = new Y.Doc();
		Y.applyUpdate(holder, updates[0]!);
		Y.applyUpdate(holder, snap.remainder);
		Y.applyUpdate(holder, updates[1]!);
		expect(holder.getText('t').toString()).toBe('abc');
	});
});

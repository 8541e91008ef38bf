/**
 * Merging stored Yjs updates into a snapshot: plain JavaScript (typed by JSDoc), so the event
 * loop (through updates.ts and store.ts) and the compaction thread (compaction.worker.js, which
 * runs outside tsx) use the very same code.
 */
import * as Y from 'yjs';

/** An update with no structs and no deletions (what Y.encodeStateAsUpdate gives for "nothing"). */
export const EMPTY_UPDATE = new Uint8Array([0, 0]);

/** Y.mergeUpdates grows faster than linearly with the number of inputs: merge in a tree. */
const FAN_IN = 16;

/**
 * Merges updates in order into one; cheap for a few, and bounded for thousands of rows.
 * @param {readonly Uint8Array[]} updates
 * @returns {Uint8Array}
 */
export function mergeMany(updates) {
	if (updates.length === 0) return EMPTY_UPDATE;
	let level = [...updates];
	while (level.length > 1) {
		/** @type {Uint8Array[]} */
		const next = [];
		for (let i = 0; i < level.length; i += FAN_IN) next.push(Y.mergeUpdates(level.slice(i, i + FAN_IN)));
		level = next;
	}
	return /** @type {Uint8Array} */ (level[0]);
}

/**
 * A snapshot's state vector, and what a client holding exactly that state vector still needs
 * (the delete set, and structs after a gap).
 * @param {Uint8Array} snapshot
 * @returns {{ stateVector: Uint8Array; remainder: Uint8Array }}
 */
export function describeSnapshot(snapshot) {
	const stateVector = Y.encodeStateVectorFromUpdate(snapshot);
	return { stateVector, remainder: Y.diffUpdate(snapshot, stateVector) };
}

/**
 * @typedef {{ data: Uint8Array; stateVector: Uint8Array; remainder: Uint8Array; seq: number }} Snapshot
 * @typedef {{ snapshot: Snapshot | null; updates: { seq: number; data: Uint8Array }[] }} Stored
 */

/**
 * The merge every store's compaction does: the snapshot and the log after it, as one snapshot
 * holding everything up to the last log entry; null when the document is empty.
 * @param {Stored} stored
 * @returns {Snapshot | null}
 */
export function buildSnapshot(stored) {
	if (stored.updates.length === 0) return stored.snapshot;
	const doc = collapsed(partsOf(stored));
	const snap = snapshotOf(doc, /** @type {{ seq: number }} */ (stored.updates.at(-1)).seq);
	doc.destroy();
	return snap;
}

/**
 * The snapshot's bytes, then the log's, in order.
 * @param {Stored} stored
 * @returns {Uint8Array[]}
 */
export function partsOf(stored) {
	const parts = stored.snapshot ? [stored.snapshot.data] : [];
	for (const u of stored.updates) parts.push(u.data);
	return parts;
}

/**
 * Updates applied in order to a Y.Doc. Unlike `Y.mergeUpdates`, which keeps every struct, the
 * document drops the content of what was deleted or overwritten (Yjs garbage collection: runs of
 * deleted items become one), so a snapshot encoded from it holds what the document is, not every
 * value it ever had. A status or progress field set 5,000 times made a 60 kB snapshot that every
 * later compaction and first sync read again (16 ms to compact 500 more); collapsed, it is 38
 * bytes (2 ms). Clients that hold the deleted items converge with it as with the log. Updates
 * still waiting for ones they depend on are kept (`encodeStateAsUpdate` includes them).
 * @param {readonly Uint8Array[]} parts
 * @param {Y.Doc} [doc] a document to apply them to (the compaction thread keeps one per document)
 * @returns {Y.Doc}
 */
export function collapsed(parts, doc = new Y.Doc()) {
	doc.transact(() => {
		for (const part of parts) Y.applyUpdate(doc, part);
	});
	return doc;
}

/**
 * The snapshot of `doc` as stored up to log entry `seq`. Its state vector and remainder come
 * from the document itself when nothing in it waits for a missing update (then the remainder is
 * the delete set): `describeSnapshot` would decode the whole encoded snapshot twice (114 ms for a
 * 100,000-entry document, against 19 ms to encode it).
 * @param {Y.Doc} doc
 * @param {number} seq
 * @returns {Snapshot}
 */
export function snapshotOf(doc, seq) {
	const data = Y.encodeStateAsUpdate(doc);
	if (doc.store.pendingStructs || doc.store.pendingDs) return { data, ...describeSnapshot(data), seq };
	const stateVector = Y.encodeStateVector(doc);
	return { data, stateVector, remainder: Y.encodeStateAsUpdate(doc, stateVector), seq };
}

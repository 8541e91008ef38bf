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
	const parts = stored.snapshot ? [stored.snapshot.data] : [];
	for (const u of stored.updates) parts.push(u.data);
	if (parts.length === 0) return null;
	if (stored.updates.length === 0 && stored.snapshot) return stored.snapshot;
	const last = stored.updates.at(-1)?.seq ?? stored.snapshot?.seq ?? 0;
	const data = mergeMany(parts);
	return { data, ...describeSnapshot(data), seq: last };
}

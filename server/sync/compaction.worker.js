/**
 * The update log's compaction thread (started by sqlite-store.ts): reads a document's snapshot
 * and log and merges them into a new snapshot, so merging a long log (milliseconds, more for a
 * large document) never stalls the event loop. It only reads: the snapshot is written by the
 * log's own connection on the event loop's thread (sqlite-store.ts), the one writer of the log.
 * A second writer would hold SQLite's write lock while the event loop commits, and a commit that
 * finds it taken sleeps (1, 2, 5, 10 ms… until it is free) with the event loop stopped.
 * The thread runs at a lower CPU priority (nice +10, on Linux), as storage engines run their
 * compactions: on a busy machine the event loop and the disk syncs come first, and a compaction
 * takes what they leave (bench:sync 50 × 10, 4 runs each: p99 10–13 ms against 10–31 ms).
 * Plain JavaScript: worker threads do not run through tsx.
 */
import Database from 'better-sqlite3';
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { buildSnapshot } from './merge.js';

/** @typedef {import('./merge.js').Snapshot} Snapshot */

/** Lowers this thread's priority by 10 (Linux: a thread is a task with an id of its own); elsewhere it stays as it is. */
function yieldToTheEventLoop() {
	try {
		const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
		setPriority(tid, Math.min(19, getPriority(tid) + 10));
	} catch {
		// not Linux, or not allowed: compactions run at the process's priority
	}
}
yieldToTheEventLoop();

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { path } = /** @type {{ path: string }} */ (workerData);
const db = new Database(path, { readonly: true });

const selectSnapshot = db.prepare('select data, state_vector, remainder, seq_upto from sync_snapshots where doc_name = ?');
const selectUpdates = db.prepare('select seq, data from sync_updates where doc_name = ? and seq > ? order by seq');

/** @param {Buffer} b */
const bytes = (b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** The snapshot and the log after it, read in one transaction (one consistent state). */
const load = db.transaction((/** @type {string} */ name) => {
	const row = /** @type {{ data: Buffer; state_vector: Buffer; remainder: Buffer; seq_upto: number } | undefined} */ (
		selectSnapshot.get(name)
	);
	const snapshot = row
		? { data: bytes(row.data), stateVector: bytes(row.state_vector), remainder: bytes(row.remainder), seq: row.seq_upto }
		: null;
	const rows = /** @type {{ seq: number; data: Buffer }[]} */ (selectUpdates.all(name, snapshot?.seq ?? 0));
	return { snapshot, updates: rows.map((r) => ({ seq: r.seq, data: bytes(r.data) })) };
});

/**
 * The merged snapshot to write (`fresh`), or the stored one when the log after it is empty.
 * Entries appended after the read have a higher seq: the writer deletes only those merged.
 * @param {string} name @returns {{ snap: Snapshot | null; fresh: boolean }}
 */
function compact(name) {
	const stored = load(name);
	if (stored.updates.length === 0) return { snap: stored.snapshot, fresh: false };
	return { snap: buildSnapshot(stored), fresh: true };
}

port.on('message', (/** @type {{ compact?: string; stop?: true }} */ m) => {
	if (m.stop) {
		db.close();
		port.close();
		return;
	}
	const name = /** @type {string} */ (m.compact);
	try {
		const { snap, fresh } = compact(name);
		// copies, moved to the event loop's thread rather than cloned
		const out = snap && {
			seq: snap.seq,
			data: snap.data.slice(),
			stateVector: snap.stateVector.slice(),
			remainder: snap.remainder.slice()
		};
		port.postMessage({ name, snap: out, fresh }, out ? [out.data.buffer, out.stateVector.buffer, out.remainder.buffer] : []);
	} catch (err) {
		port.postMessage({ name, error: String((err instanceof Error && err.message) || err) });
	}
});

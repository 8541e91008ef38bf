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
import { collapsed, partsOf, snapshotOf } from './merge.js';

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
 * The documents this thread merged last, as Y.Docs, with the log entry each holds up to: the next
 * compaction of one whose stored snapshot is still the one merged here applies only the log after
 * it, instead of decoding the whole snapshot again (`bench:sync` compact100k: a 100,000-entry
 * document with 500 more edits, 39–90 ms instead of 312–540). Least recently merged first out,
 * within a budget of snapshot bytes; each one leaves after a minute without compaction (its
 * document was closed, or went quiet).
 * @type {Map<string, { doc: import('yjs').Doc; seq: number; bytes: number; timer: NodeJS.Timeout }>}
 */
const kept = new Map();
/** of snapshots: a document in memory takes about 30 times its snapshot (100,000 map entries: 1.5 MB, 43 MB of heap), so about 60 MB of heap at most */
const KEPT_BYTES = 2 * 1024 * 1024;
const KEPT_IDLE_MS = 60_000;
let keptBytes = 0;

/** Takes `name`'s document out of those kept (the caller has it now). @param {string} name */
function take(name) {
	const e = kept.get(name);
	if (!e) return undefined;
	clearTimeout(e.timer);
	keptBytes -= e.bytes;
	kept.delete(name);
	return e;
}

/** @param {string} name */
const forget = (name) => take(name)?.doc.destroy();

/**
 * The snapshot of `doc`, merged up to log entry `seq`, to write; `doc` is kept for the next time.
 * @param {string} name @param {import('yjs').Doc} doc @param {number} seq
 * @returns {{ snap: Snapshot; fresh: true }}
 */
function merged(name, doc, seq) {
	const snap = snapshotOf(doc, seq);
	if (snap.data.length > KEPT_BYTES) doc.destroy();
	else {
		const timer = setTimeout(() => forget(name), KEPT_IDLE_MS);
		timer.unref();
		kept.set(name, { doc, seq, bytes: snap.data.length, timer });
		keptBytes += snap.data.length;
		for (const old of kept.keys()) {
			if (keptBytes <= KEPT_BYTES) break;
			forget(old);
		}
	}
	return { snap, fresh: true };
}

const selectSnapshotSeq = db.prepare('select seq_upto from sync_snapshots where doc_name = ?').pluck();
/** The log after the snapshot this thread merged last, if that is still the stored one (null: it is not). */
const logAfterKept = db.transaction((/** @type {string} */ name, /** @type {number} */ seq) =>
	selectSnapshotSeq.get(name) === seq ? /** @type {{ seq: number; data: Buffer }[]} */ (selectUpdates.all(name, seq)) : null
);

/**
 * The merged snapshot to write (`fresh`), or the stored one when the log after it is empty.
 * Entries appended after the read have a higher seq: the writer deletes only those merged.
 * @param {string} name @returns {{ snap: Snapshot | null; fresh: boolean }}
 */
function compact(name) {
	const known = kept.get(name);
	const rows = known ? logAfterKept(name, known.seq) : null;
	if (rows?.length) {
		// the stored snapshot is the one this thread merged: only the log after it is new
		const { doc } = /** @type {{ doc: import('yjs').Doc }} */ (take(name));
		const last = /** @type {{ seq: number }} */ (rows.at(-1)).seq;
		return merged(
			name,
			collapsed(
				rows.map((r) => bytes(r.data)),
				doc
			),
			last
		);
	}
	if (!rows) forget(name); // written by someone else (or not at all): merged again from what is stored
	const stored = load(name);
	if (stored.updates.length === 0) return { snap: stored.snapshot, fresh: false };
	return merged(name, collapsed(partsOf(stored)), /** @type {{ seq: number }} */ (stored.updates.at(-1)).seq);
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

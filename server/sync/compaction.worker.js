/**
 * The update log's compaction thread (started by sqlite-store.ts), with a connection of its own
 * on `synchronous=FULL`: compacts documents on request, so merging a long log (milliseconds,
 * more for a large document) never stalls the event loop. Plain JavaScript: worker threads do
 * not run through tsx.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { buildSnapshot } from './merge.js';

/** @typedef {import('./merge.js').Snapshot} Snapshot */

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { path } = /** @type {{ path: string }} */ (workerData);
const db = new Database(path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = FULL');

const selectSnapshot = db.prepare('select data, state_vector, remainder, seq_upto from sync_snapshots where doc_name = ?');
const selectUpdates = db.prepare('select seq, data from sync_updates where doc_name = ? and seq > ? order by seq');
// A snapshot only moves forward: one built from an older read never replaces a newer one.
const upsertSnapshot = db.prepare(
	`insert into sync_snapshots (doc_name, data, state_vector, remainder, seq_upto, updated_at) values (?, ?, ?, ?, ?, ?)
	 on conflict (doc_name) do update set data = excluded.data, state_vector = excluded.state_vector,
	 remainder = excluded.remainder, seq_upto = excluded.seq_upto, updated_at = excluded.updated_at
	 where excluded.seq_upto > sync_snapshots.seq_upto`
);
const deleteUpTo = db.prepare('delete from sync_updates where doc_name = ? and seq <= ?');

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

const write = db.transaction((/** @type {string} */ name, /** @type {Snapshot} */ snap) => {
	upsertSnapshot.run(name, snap.data, snap.stateVector, snap.remainder, snap.seq, Date.now());
	deleteUpTo.run(name, snap.seq);
});

/** @param {string} name @returns {Snapshot | null} */
function compact(name) {
	// merged outside the write transaction (CPU only); entries appended meanwhile have a higher seq and stay in the log
	const stored = load(name);
	if (stored.updates.length === 0) return stored.snapshot;
	const snap = buildSnapshot(stored);
	if (snap) write(name, snap);
	return snap;
}

port.on('message', (/** @type {{ compact?: string; stop?: true }} */ m) => {
	if (m.stop) {
		db.close();
		port.close();
		return;
	}
	const name = /** @type {string} */ (m.compact);
	try {
		const snap = compact(name);
		// copies, moved to the event loop's thread rather than cloned
		const out = snap && {
			seq: snap.seq,
			data: snap.data.slice(),
			stateVector: snap.stateVector.slice(),
			remainder: snap.remainder.slice()
		};
		port.postMessage({ name, snap: out }, out ? [out.data.buffer, out.stateVector.buffer, out.remainder.buffer] : []);
	} catch (err) {
		port.postMessage({ name, error: String((err instanceof Error && err.message) || err) });
	}
});

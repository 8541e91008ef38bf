/**
 * The DocStore on SQLite (tables `sync_updates` and `sync_snapshots`, created by the drizzle
 * migrations). Hot statements are prepared once on the raw better-sqlite3 handle.
 *
 * Durability: `openSqliteDocStore(path)` opens a connection of its own with `synchronous=FULL`,
 * so every committed batch of updates is on disk before the server acknowledges or relays it,
 * while the rest of the app keeps `synchronous=NORMAL` on its connection. The server commits
 * updates in groups (one transaction per event-loop turn), which keeps the fsync cost per update
 * low, and WAL checkpoints happen on a worker thread, off the event loop.
 */
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
	buildSnapshot,
	type AppendEntry,
	type DocStore,
	type StoredDoc,
	type StoredSnapshot,
	type StoreStats,
	type UpdateAuthor
} from './store';

interface SnapshotRow {
	data: Buffer;
	state_vector: Buffer;
	remainder: Buffer;
	seq_upto: number;
}

/** Plain Uint8Array views (no copy): callers compare and hand them on without Buffer quirks. */
const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** Uses `sqlite` as given (pragmas and closing stay with the caller). */
export function createSqliteDocStore(sqlite: Database.Database, opts: { ownsConnection?: boolean } = {}): DocStore {
	const insert = sqlite.prepare('insert into sync_updates (doc_name, data, created_at) values (?, ?, ?)');
	const selectSnapshot = sqlite.prepare<[string], SnapshotRow>(
		'select data, state_vector, remainder, seq_upto from sync_snapshots where doc_name = ?'
	);
	const selectUpdates = sqlite.prepare<[string, number], { seq: number; data: Buffer }>(
		'select seq, data from sync_updates where doc_name = ? and seq > ? order by seq'
	);
	const upsertSnapshot = sqlite.prepare(
		`insert into sync_snapshots (doc_name, data, state_vector, remainder, seq_upto, updated_at) values (?, ?, ?, ?, ?, ?)
		 on conflict (doc_name) do update set data = excluded.data, state_vector = excluded.state_vector,
		 remainder = excluded.remainder, seq_upto = excluded.seq_upto, updated_at = excluded.updated_at`
	);
	const deleteUpTo = sqlite.prepare('delete from sync_updates where doc_name = ? and seq <= ?');
	const insertHistory = sqlite.prepare(
		'insert into sync_update_history (doc_name, seq, author_id, data, created_at) values (?, ?, ?, ?, ?)'
	);
	const hasHistory = sqlite.prepare<[string], number>('select 1 from sync_update_history where doc_name = ? limit 1').pluck();
	const selectHistory = sqlite.prepare<
		[string],
		{ id: number; seq: number | null; author_id: string | null; data: Buffer; created_at: number }
	>('select id, seq, author_id, data, created_at from sync_update_history where doc_name = ? order by id');

	const appendOne = (name: string, update: Uint8Array, now: number, history?: UpdateAuthor): number => {
		if (history && !hasHistory.get(name)) {
			// the content from before the first recorded edit (the template, edits made before history existed)
			const base = buildSnapshot(load(name));
			if (base) insertHistory.run(name, null, null, base.data, now);
		}
		const seq = Number(insert.run(name, update, now).lastInsertRowid);
		if (history) insertHistory.run(name, seq, history.author, update, now);
		return seq;
	};
	const appendMany = sqlite.transaction((entries: readonly AppendEntry[]) => {
		const now = Date.now();
		return entries.map((e) => appendOne(e.name, e.update, now, e.history));
	});
	const appendSingle = sqlite.transaction((name: string, update: Uint8Array, history?: UpdateAuthor) =>
		appendOne(name, update, Date.now(), history)
	);
	const writeSnapshot = sqlite.transaction((name: string, snap: StoredSnapshot) => {
		upsertSnapshot.run(name, snap.data, snap.stateVector, snap.remainder, snap.seq, Date.now());
		deleteUpTo.run(name, snap.seq);
	});

	const load = (name: string): StoredDoc => {
		const row = selectSnapshot.get(name);
		const snapshot = row
			? { data: bytes(row.data), stateVector: bytes(row.state_vector), remainder: bytes(row.remainder), seq: row.seq_upto }
			: null;
		const updates = selectUpdates.all(name, snapshot?.seq ?? 0).map((r) => ({ seq: r.seq, data: bytes(r.data) }));
		return { snapshot, updates };
	};

	return {
		append: (name, update, history) => (history ? appendSingle(name, update, history) : appendOne(name, update, Date.now())),
		appendBatch: (entries) => (entries.length ? appendMany(entries) : []),
		history: (name) =>
			selectHistory.all(name).map((r) => ({ id: r.id, seq: r.seq, author: r.author_id, at: r.created_at, data: bytes(r.data) })),
		load,
		compact(name) {
			// Merge outside the transaction (CPU only, no waiting); entries appended meanwhile have a
			// higher seq and stay in the log.
			const stored = load(name);
			if (stored.updates.length === 0) return stored.snapshot;
			const snap = buildSnapshot(stored);
			if (snap) writeSnapshot(name, snap);
			return snap;
		},
		stats(name) {
			const where = name ? 'where doc_name = ?' : '';
			const args = name ? [name] : [];
			const u = sqlite
				.prepare(`select count(distinct doc_name) docs, count(*) n, coalesce(sum(length(data)), 0) bytes from sync_updates ${where}`)
				.get(...args) as { docs: number; n: number; bytes: number };
			const s = sqlite.prepare(`select count(*) n, coalesce(sum(length(data)), 0) bytes from sync_snapshots ${where}`).get(...args) as {
				n: number;
				bytes: number;
			};
			const docs = name
				? u.n + s.n > 0
					? 1
					: 0
				: (sqlite
						.prepare('select count(*) from (select doc_name from sync_updates union select doc_name from sync_snapshots)')
						.pluck()
						.get() as number);
			const out: StoreStats = { docs, updates: u.n, updateBytes: u.bytes, snapshots: s.n, snapshotBytes: s.bytes };
			return out;
		},
		close() {
			if (opts.ownsConnection && sqlite.open) sqlite.close();
		}
	};
}

/**
 * Opens a dedicated connection to the app's database file with `synchronous=FULL`. WAL
 * checkpoints run on a worker thread instead of inside a commit: an automatic checkpoint (every
 * 1,000 WAL pages) would stall the event loop, and every socket with it, for several ms.
 */
export function openSqliteDocStore(path: string, opts: { checkpointEveryMs?: number } = {}): DocStore {
	const sqlite = new Database(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('wal_autocheckpoint = 0');
	const checkpointer = startCheckpointer(path, opts.checkpointEveryMs ?? 1000);
	const store = createSqliteDocStore(sqlite, { ownsConnection: true });
	return {
		...store,
		async close() {
			await checkpointer.stop();
			store.close();
		}
	};
}

const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

/**
 * A worker thread with its own connection that checkpoints the WAL now and then (PASSIVE: never
 * blocks writers). `stop` resolves once the thread has closed its connection and exited.
 */
function startCheckpointer(path: string, everyMs: number): { stop(): Promise<void> } {
	if (path === ':memory:') return { stop: async () => {} };
	const module = createRequire(import.meta.url).resolve('better-sqlite3');
	const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { path, everyMs, module } });
	worker.on('error', () => {}); // a failed checkpointer leaves the WAL to grow until the next open: never fatal
	worker.unref();
	const exited = new Promise<void>((ok) => worker.once('exit', () => ok()));
	return {
		stop: () => {
			worker.ref(); // someone now waits for it: keep the process alive until it has exited
			worker.postMessage('stop');
			return exited;
		}
	};
}

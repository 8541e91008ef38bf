/**
 * The DocStore on SQLite (tables `sync_updates`, `sync_snapshots` and `sync_log_sequence`,
 * created by the drizzle migrations; the log is kept by document, see schema/sync.ts). Hot
 * statements are prepared once on the raw better-sqlite3 handle.
 *
 * Durability: `openSqliteDocStore(path)` opens a connection of its own whose every answered
 * write is on disk (see there), so every batch of updates is stored durably before the server
 * acknowledges or relays it, while the rest of the app keeps `synchronous=NORMAL` on its
 * connection. The server commits updates in groups (`appendBatchAsync`) and the disk sync runs
 * off the event loop; WAL checkpoints happen on a thread of their own.
 */
import Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { holdable, startCheckpointer, WAL_SIZE_LIMIT } from '../../src/lib/server/db/checkpointer';
import { logSequence } from '../../src/lib/server/db/log-sequence';
import { createWalSyncer, type WalIo } from '../../src/lib/server/db/wal-sync';
import {
	answerLater,
	appendAnswered,
	buildSnapshot,
	laterAnswers,
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
export function createSqliteDocStore(
	sqlite: Database.Database,
	opts: { ownsConnection?: boolean } = {}
): DocStore & {
	/** Writes a snapshot built elsewhere (the compaction thread) and deletes the log it holds; a snapshot only moves forward. */
	saveSnapshot(name: string, snap: StoredSnapshot): void;
} {
	const insert = sqlite.prepare('insert into sync_updates (doc_name, seq, data, created_at) values (?, ?, ?, ?)');
	const takeSeqs = logSequence(sqlite);
	const insertHistory = sqlite.prepare(
		'insert into sync_update_history (doc_name, seq, author_id, data, created_at) values (?, ?, ?, ?, ?)'
	);
	const selectSnapshot = sqlite.prepare<[string], SnapshotRow>(
		'select data, state_vector, remainder, seq_upto from sync_snapshots where doc_name = ?'
	);
	const selectUpdates = sqlite.prepare<[string, number], { seq: number; data: Buffer }>(
		'select seq, data from sync_updates where doc_name = ? and seq > ? order by seq'
	);
	const upsertSnapshot = sqlite.prepare(
		`insert into sync_snapshots (doc_name, data, state_vector, remainder, seq_upto, updated_at) values (?, ?, ?, ?, ?, ?)
		 on conflict (doc_name) do update set data = excluded.data, state_vector = excluded.state_vector,
		 remainder = excluded.remainder, seq_upto = excluded.seq_upto, updated_at = excluded.updated_at
		 where excluded.seq_upto > sync_snapshots.seq_upto`
	); // a snapshot only moves forward: one built from an older read never replaces a newer one
	const deleteUpTo = sqlite.prepare('delete from sync_updates where doc_name = ? and seq <= ?');
	const hasHistory = sqlite.prepare<[string], number>('select 1 from sync_update_history where doc_name = ? limit 1').pluck();
	const selectHistory = sqlite.prepare<
		[string],
		{ id: number; seq: number | null; author_id: string | null; data: Buffer; created_at: number }
	>('select id, seq, author_id, data, created_at from sync_update_history where doc_name = ? order by id');
	const selectHistoryIndex = sqlite.prepare<[string], { id: number; seq: number | null; author_id: string | null; created_at: number }>(
		'select id, seq, author_id, created_at from sync_update_history where doc_name = ? order by id'
	);
	const selectHistoryRange = sqlite.prepare<
		[string, number, number],
		{ id: number; seq: number | null; author_id: string | null; data: Buffer; created_at: number }
	>('select id, seq, author_id, data, created_at from sync_update_history where doc_name = ? and id between ? and ? order by id');

	const insertBaseline = sqlite.prepare(
		'insert into sync_update_history (doc_name, seq, author_id, data, created_at) values (?, null, null, ?, ?)'
	);
	/** documents known to have an edit history already (it is never deleted) */
	const historyStarted = new Set<string>();
	const historyStartedFor = (name: string): boolean => {
		if (historyStarted.has(name)) return true;
		if (!hasHistory.get(name)) return false;
		historyStarted.add(name);
		return true;
	};
	const appendOne = (name: string, update: Uint8Array, now: number, seq: number, history?: UpdateAuthor): number => {
		if (history && !historyStartedFor(name)) {
			// the content from before the first recorded edit (the template, edits made before history existed)
			const base = buildSnapshot(load(name));
			if (base) insertBaseline.run(name, base.data, now);
		}
		insert.run(name, seq, update, now);
		if (history) insertHistory.run(name, seq, history.author, update, now);
		return seq;
	};
	const appendMany = sqlite.transaction((entries: readonly AppendEntry[]) => {
		const now = Date.now();
		const first = takeSeqs(entries.length) - entries.length + 1;
		return entries.map((e, i) => appendOne(e.name, e.update, now, first + i, e.history));
	});
	const writeSnapshot = sqlite.transaction((name: string, snap: StoredSnapshot) => {
		upsertSnapshot.run(name, snap.data, snap.stateVector, snap.remainder, snap.seq, Date.now());
		deleteUpTo.run(name, snap.seq);
	});

	// one transaction: the snapshot and the log after it from one state (the compaction thread compacts meanwhile)
	const load = sqlite.transaction((name: string): StoredDoc => {
		const row = selectSnapshot.get(name);
		const snapshot = row
			? { data: bytes(row.data), stateVector: bytes(row.state_vector), remainder: bytes(row.remainder), seq: row.seq_upto }
			: null;
		const updates = selectUpdates.all(name, snapshot?.seq ?? 0).map((r) => ({ seq: r.seq, data: bytes(r.data) }));
		return { snapshot, updates };
	});

	return {
		append: (name, update, history) => appendMany([{ name, update, history }])[0]!,
		appendBatch: (entries) => (entries.length ? appendMany(entries) : []),
		history: (name) =>
			selectHistory.all(name).map((r) => ({ id: r.id, seq: r.seq, author: r.author_id, at: r.created_at, data: bytes(r.data) })),
		historyIndex: (name) => selectHistoryIndex.all(name).map((r) => ({ id: r.id, seq: r.seq, author: r.author_id, at: r.created_at })),
		historyRange: (name, fromId, toId) =>
			selectHistoryRange
				.all(name, fromId, toId)
				.map((r) => ({ id: r.id, seq: r.seq, author: r.author_id, at: r.created_at, data: bytes(r.data) })),
		load,
		saveSnapshot: (name, snap) => writeSnapshot(name, snap),
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
 * Opens the update log on the app's database file: a connection of its own on
 * `synchronous=NORMAL` whose batches are answered once the WAL file is synced (`wal-sync.ts`:
 * the durability of FULL, the fsync off the event loop, one sync per group of batches), and a
 * checkpointer thread (`checkpointer.ts`, shared with survey intake) and a compaction thread
 * (`compactAsync`), so neither stalls the event loop: an automatic checkpoint (every 1,000 WAL
 * pages) would stall a commit for several ms, and merging a log of 500 updates takes 2–20 ms.
 * The compaction thread only reads and merges; this connection writes the snapshot (0.2–0.5 ms),
 * as the log's one writer: while another connection holds SQLite's write lock, a commit here
 * sleeps until it is free (1, 2, 5, 10 ms…) with the event loop stopped, which under `bench:sync`
 * 50 × 10 stopped it for 38–107 ms when 50 documents compacted together. Synchronous writes
 * (`append`, `appendBatch`) sync before they return. `synchronous: 'NORMAL'` (bench only) skips
 * the syncs, to measure what they cost.
 */
export function openSqliteDocStore(
	path: string,
	opts: {
		checkpointEveryMs?: number;
		/** WAL pages past which writers are held for a checkpoint that starts the WAL over (checkpointer.ts) */
		walResetFrames?: number;
		/** NORMAL only to measure what the fsync costs (bench:sync); the app always runs FULL */
		synchronous?: 'FULL' | 'NORMAL';
		/** the file syncs (tests hold or fail them) */
		io?: WalIo;
		/** the compaction thread failed (compactions then run on the calling thread) */
		onThreadError?: (err: Error) => void;
	} = {}
): DocStore {
	const sqlite = new Database(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('wal_autocheckpoint = 0');
	sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
	const store = createSqliteDocStore(sqlite, { ownsConnection: true });
	const checkpointer = startCheckpointer(path, { everyMs: opts.checkpointEveryMs ?? 1000, resetFrames: opts.walResetFrames });
	/** started on the first compaction: a server whose documents stay small never needs it */
	let compactor: ReturnType<typeof startCompactor> | null = null;
	const later = laterAnswers();
	/** the snapshots the compaction thread built, written on this connection (held like the batches) */
	const snapshots = holdable(checkpointer, (name: string, snap: StoredSnapshot, done: CompactDone) =>
		answerLater(later, () => (store.saveSnapshot(name, snap), snap), null, done)
	);
	/** merged on the compaction thread and written here; all on this thread when that thread is gone */
	const compactAsync = (name: string, done: CompactDone) => {
		if (path !== ':memory:') compactor ??= startCompactor(path, opts.onThreadError ?? (() => {}));
		const merged = (err: Error | null, snap: StoredSnapshot | null, fresh: boolean) =>
			err || !snap || !fresh ? done(err, snap) : snapshots.commit(name, snap, done);
		if (!compactor?.compact(name, merged)) answerLater(later, () => store.compact(name), null, done);
	};
	const durable = path !== ':memory:' && (opts.synchronous ?? 'FULL') === 'FULL';
	if (!durable) {
		const answers = laterAnswers();
		const batches = holdable(checkpointer, appendAnswered(store, answers));
		return {
			...store,
			appendBatchAsync: batches.commit,
			settle: () => {
				batches.commitHeld();
				snapshots.commitHeld();
				answers.flush();
			},
			compactAsync,
			async close() {
				batches.commitHeld();
				answers.flush();
				await compactor?.stop();
				snapshots.commitHeld();
				await checkpointer.stop();
				later.flush();
				store.close();
			}
		};
	}
	const wal = createWalSyncer(`${path}-wal`, opts.io);
	/** a synchronous write, durable when it returns (as on a FULL connection), or it throws */
	const synced =
		<A extends unknown[], R>(fn: (...args: A) => R) =>
		(...args: A): R => {
			const result = fn(...args);
			const err = wal.syncNow(true);
			if (err) throw err;
			return result;
		};
	const batches = holdable(checkpointer, (entries: readonly AppendEntry[], done: (err: Error | null, seqs: number[]) => void) => {
		let seqs: number[] = [];
		let error: Error | null = null;
		try {
			seqs = store.appendBatch(entries);
		} catch (err) {
			error = err as Error; // nothing of it stored; answered in its turn, after the batches before it
		}
		wal.afterSync((syncError) => done(error ?? syncError, error || syncError ? [] : seqs));
	});
	return {
		...store,
		append: synced(store.append),
		appendBatch: synced(store.appendBatch),
		appendBatchAsync: batches.commit,
		settle: () => {
			batches.commitHeld();
			snapshots.commitHeld();
			wal.syncNow();
		},
		compactAsync,
		storageError: () => wal.broken(),
		async close() {
			batches.commitHeld();
			await compactor?.stop();
			snapshots.commitHeld();
			wal.syncNow();
			wal.close();
			await checkpointer.stop();
			later.flush();
			store.close();
		}
	};
}

type CompactDone = (err: Error | null, snap: StoredSnapshot | null) => void;
/** the compaction thread's answer: `fresh` when the snapshot is newly merged and still to be written */
type Merged = (err: Error | null, snap: StoredSnapshot | null, fresh: boolean) => void;

/**
 * The compaction thread (compaction.worker.js): compactions on request, answered on the event
 * loop in the order asked. If the thread dies, what it had not
 * answered fails (the log stays as it was: nothing is lost) and `compact` returns false from then
 * on, for the caller to compact on its own thread. `stop` resolves once the thread has finished
 * what it was asked, closed its connection and exited.
 */
function startCompactor(path: string, onError: (err: Error) => void) {
	const worker = new Worker(new URL('./compaction.worker.js', import.meta.url), { workerData: { path } });
	worker.unref();
	/** callbacks of the compactions asked and not answered yet, in order */
	const waiting: Merged[] = [];
	let dead: Error | null = null;
	let stopping = false;
	const idle = () => {
		if (waiting.length === 0 && !stopping) worker.unref();
	};
	worker.on('message', (m: { name: string; snap?: StoredSnapshot | null; fresh?: boolean; error?: string }) => {
		const done = waiting.shift();
		idle();
		done?.(m.error === undefined ? null : new Error(m.error), m.snap ?? null, m.fresh === true);
	});
	const die = (err: Error) => {
		if (!dead && !stopping) onError(err);
		dead ??= err;
		while (waiting.length) waiting.shift()!(dead, null, false);
	};
	worker.on('error', die);
	const exited = new Promise<void>((ok) =>
		worker.once('exit', () => {
			die(new Error('the compaction thread stopped'));
			ok();
		})
	);
	return {
		compact(name: string, done: Merged): boolean {
			if (dead || stopping) return false;
			waiting.push(done);
			worker.ref(); // an answer is due: keep the process alive for it
			worker.postMessage({ compact: name });
			return true;
		},
		stop(): Promise<void> {
			stopping = true;
			worker.ref(); // someone now waits for it: keep the process alive until it has exited
			if (!dead) worker.postMessage({ stop: true });
			return exited;
		}
	};
}

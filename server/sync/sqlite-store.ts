/**
 * The DocStore on SQLite (tables `sync_updates` and `sync_snapshots`, created by the drizzle
 * migrations). Hot statements are prepared once on the raw better-sqlite3 handle.
 *
 * Durability: `openSqliteDocStore(path)` opens connections of its own with `synchronous=FULL`,
 * so every committed batch of updates is on disk before the server acknowledges or relays it,
 * while the rest of the app keeps `synchronous=NORMAL` on its connection. The server commits
 * updates in groups (`appendBatchAsync`): each batch is written by a commit thread with its own
 * connection, so the fsync never stalls the event loop, and updates that arrive meanwhile form
 * the next batch. WAL checkpoints happen on another thread, off the event loop too. Both threads
 * and the calling thread run the same statements (`CORE`), so they cannot drift.
 */
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
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

interface Core {
	/** Appends one update (and its history row when `history` is given); returns its seq. */
	appendOne(name: string, update: Uint8Array, now: number, history?: UpdateAuthor): number;
	/** Appends every entry in one transaction; none is stored when one fails. */
	appendMany(entries: readonly AppendEntry[]): number[];
}

/** `(db) => Core` as source: the calling thread and the commit thread run this very code. */
const CORE = `(db) => {
	const insert = db.prepare('insert into sync_updates (doc_name, data, created_at) values (?, ?, ?)');
	const insertHistory = db.prepare('insert into sync_update_history (doc_name, seq, author_id, data, created_at) values (?, ?, ?, ?, ?)');
	const appendOne = (name, update, now, history) => {
		const seq = Number(insert.run(name, update, now).lastInsertRowid);
		if (history) insertHistory.run(name, seq, history.author, update, now);
		return seq;
	};
	const appendMany = db.transaction((entries) => {
		const now = Date.now();
		return entries.map((e) => appendOne(e.name, e.update, now, e.history));
	});
	return { appendOne, appendMany };
}`;

const coreOf = (db: Database.Database): Core => (new Function(`return ${CORE}`) as () => (db: Database.Database) => Core)()(db);

type SqliteDocStore = DocStore & {
	/** Whether a batch must be stored by this connection: a first history entry needs a baseline read here. */
	needsCallingThread(entries: readonly AppendEntry[]): boolean;
};

/** Uses `sqlite` as given (pragmas and closing stay with the caller). */
export function createSqliteDocStore(sqlite: Database.Database, opts: { ownsConnection?: boolean } = {}): SqliteDocStore {
	const core = coreOf(sqlite);
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
	const hasHistory = sqlite.prepare<[string], number>('select 1 from sync_update_history where doc_name = ? limit 1').pluck();
	const selectHistory = sqlite.prepare<
		[string],
		{ id: number; seq: number | null; author_id: string | null; data: Buffer; created_at: number }
	>('select id, seq, author_id, data, created_at from sync_update_history where doc_name = ? order by id');

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
	const appendOne = (name: string, update: Uint8Array, now: number, history?: UpdateAuthor): number => {
		if (history && !historyStartedFor(name)) {
			// the content from before the first recorded edit (the template, edits made before history existed)
			const base = buildSnapshot(load(name));
			if (base) insertBaseline.run(name, base.data, now);
		}
		return core.appendOne(name, update, now, history);
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
		needsCallingThread: (entries: readonly AppendEntry[]) => entries.some((e) => e.history && !historyStartedFor(e.name)),
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
 * Opens the update log on the app's database file: a connection of its own with
 * `synchronous=FULL` for reads, compaction and single appends, a commit thread for group commits
 * (`appendBatchAsync`), and a checkpointer thread. WAL checkpoints run on that thread instead of
 * inside a commit: an automatic checkpoint (every 1,000 WAL pages) would stall commits for
 * several ms.
 */
export function openSqliteDocStore(
	path: string,
	opts: {
		checkpointEveryMs?: number;
		onThreadError?: (err: Error) => void;
		/** NORMAL only to measure what the fsync costs (bench:sync); the app always runs FULL */
		synchronous?: 'FULL' | 'NORMAL';
	} = {}
): DocStore {
	const synchronous = opts.synchronous ?? 'FULL';
	const sqlite = new Database(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma(`synchronous = ${synchronous}`);
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('wal_autocheckpoint = 0');
	const checkpointer = startCheckpointer(path, opts.checkpointEveryMs ?? 1000);
	const store = createSqliteDocStore(sqlite, { ownsConnection: true });
	const committer = path === ':memory:' ? null : startCommitter(path, synchronous, opts.onThreadError);
	// batches stored on this thread are answered on a later turn (or by settle), like the others
	const answers = laterAnswers();
	const appendHere = appendAnswered(store, answers);
	return {
		...store,
		appendBatchAsync(entries, done) {
			if (!committer || committer.failed() || store.needsCallingThread(entries)) {
				// stored here, after what the commit thread holds, and answered on a later turn like every other batch
				committer?.settle();
				return appendHere(entries, done);
			}
			committer.post(entries, done);
		},
		settle() {
			answers.flush();
			committer?.settle();
		},
		async close() {
			answers.flush();
			committer?.settle();
			await committer?.stop();
			await checkpointer.stop();
			store.close();
		}
	};
}

const COMMITTER = `
const { workerData } = require('node:worker_threads');
const shared = new Int32Array(workerData.shared); // [answers posted, 1 = this thread has failed]
try {
	const Database = require(workerData.module);
	const db = new Database(workerData.path);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = ' + workerData.synchronous);
	db.pragma('busy_timeout = 5000');
	db.pragma('wal_autocheckpoint = 0');
	const core = (${CORE})(db);
	const port = workerData.port;
	port.on('message', (m) => {
		if (m === 'close') { db.close(); port.close(); return; }
		let reply;
		// unpack: the updates arrive as one transferred buffer (see pack)
		const entries = m.names.map((name, i) => ({
			name,
			update: m.data.subarray(i ? m.ends[i - 1] : 0, m.ends[i]),
			history: m.authors[i] === undefined ? undefined : { author: m.authors[i] }
		}));
		try { reply = { seqs: core.appendMany(entries) }; } catch (e) { reply = { error: String((e && e.message) || e) }; }
		port.postMessage(reply);
		Atomics.add(shared, 0, 1); // after the post: a waiting settle() finds the answer on the port
		Atomics.notify(shared, 0);
	});
} catch (e) {
	Atomics.store(shared, 1, 1); // a settle() waiting for this thread stops waiting
	Atomics.notify(shared, 0);
	throw e;
}
`;

interface Packed {
	names: string[];
	/** where each update ends in `data` */
	ends: number[];
	data: Uint8Array;
	/** undefined: not recorded in the history */
	authors: (string | null | undefined)[];
}

/** A batch as one buffer that is moved to the commit thread, not copied value by value. */
function pack(entries: readonly AppendEntry[]): Packed {
	let size = 0;
	for (const e of entries) size += e.update.length;
	const data = new Uint8Array(size);
	const ends: number[] = [];
	let at = 0;
	for (const e of entries) {
		data.set(e.update, at);
		ends.push((at += e.update.length));
	}
	return { names: entries.map((e) => e.name), ends, data, authors: entries.map((e) => e.history?.author) };
}

type Done = (err: Error | null, seqs: number[]) => void;
/** How long `settle()` waits for the commit thread before giving up on it. */
const SETTLE_LIMIT_MS = 30_000;

/**
 * The commit thread. `post` hands it a batch; its answer runs `done` on the event loop, in
 * order. `settle` blocks the calling thread until every batch is answered (shutdown, and
 * callers that need everything stored now), taking the answers off the port synchronously.
 * If the thread dies, what it had not answered fails (the senders reconnect and send again) and
 * later batches are stored on the calling thread.
 */
function startCommitter(path: string, synchronous: 'FULL' | 'NORMAL', onError: (err: Error) => void = () => {}) {
	const module = createRequire(import.meta.url).resolve('better-sqlite3');
	const { port1, port2 } = new MessageChannel();
	const sharedBuffer = new SharedArrayBuffer(8);
	const shared = new Int32Array(sharedBuffer); // [answers posted, 1 = the thread has failed]
	const worker = new Worker(COMMITTER, {
		eval: true,
		workerData: { path, module, port: port2, shared: sharedBuffer, synchronous },
		transferList: [port2]
	});
	worker.unref();
	/** callbacks of the batches posted and not yet answered, in order */
	const waiting: Done[] = [];
	let posted = 0;
	let taken = 0;
	let dead: Error | null = null;
	let stopping = false;
	const idle = () => {
		if (waiting.length === 0) port1.unref();
	};
	const answer = (m: { seqs?: number[]; error?: string }) => {
		const done = waiting.shift();
		if (!done) return; // given up on already (settle timed out)
		taken++;
		idle();
		if (m.error !== undefined) done(new Error(m.error), []);
		else done(null, m.seqs!);
	};
	const die = (err: Error) => {
		if (!dead && !stopping) onError(err);
		dead ??= err;
		while (waiting.length) {
			const cb = waiting.shift()!;
			cb(dead, []);
		}
		port1.unref();
	};
	port1.on('message', answer);
	port1.unref();
	worker.on('error', (err) => die(err));
	const exited = new Promise<void>((ok) =>
		worker.once('exit', () => {
			die(new Error('the commit thread stopped'));
			ok();
		})
	);
	return {
		failed: () => dead !== null,
		post(entries: readonly AppendEntry[], done: Done) {
			waiting.push(done);
			posted++;
			port1.ref(); // an answer is due: keep the process alive for it
			const packed = pack(entries);
			port1.postMessage(packed, [packed.data.buffer as ArrayBuffer]);
		},
		settle() {
			const deadline = Date.now() + SETTLE_LIMIT_MS;
			while (taken < posted && !dead) {
				if (Atomics.load(shared, 1) === 1) return die(new Error('the commit thread failed to start'));
				const seen = Atomics.load(shared, 0);
				if (seen > taken) {
					const m = receiveMessageOnPort(port1);
					if (m) {
						answer(m.message as { seqs?: number[]; error?: string });
						continue;
					}
				}
				if (Date.now() > deadline) return die(new Error('the commit thread did not answer'));
				Atomics.wait(shared, 0, seen, 50);
			}
		},
		stop() {
			stopping = true;
			if (!dead) port1.postMessage('close');
			worker.ref();
			return exited;
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

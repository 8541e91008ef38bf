/**
 * Group commit for survey intake. Submissions that arrive while the previous batch is being
 * committed are stored together in one transaction on a dedicated connection with
 * `synchronous=FULL` (the WAL is fsync'd at every commit), and only then answered: a response is
 * acknowledged once durable, while the cost of the fsync is shared by the whole batch.
 *
 * The commit runs on a worker thread with its own connection, so the fsync (and any WAL
 * checkpoint) never stalls the event loop: requests keep being read and validated while a batch
 * is on disk, and they form the next batch. Imports (`storeMany`) run on the calling thread.
 * Both threads run the same code (`CORE`, plain JavaScript evaluated in each), so they cannot drift.
 *
 * One failing item never takes its batch-mates with it: a response without a token is one
 * statement (`INSERT … ON CONFLICT (survey_id, response_uuid) DO NOTHING`, then a look at the row
 * that holds the uuid when nothing was inserted); one with a single-use token runs in its own
 * savepoint, which claims the token with a conditional UPDATE next to the insert. The
 * UNIQUE(survey_id, response_uuid) index is the final guard against duplicates.
 */
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface Submission {
	surveyId: string;
	organizationId: string;
	versionId: string;
	uuid: string;
	channel: string;
	language: string;
	district: string | null;
	/** The validated answers as JSON. */
	answers: string;
	payloadHash: string;
	tokenHash: string | null;
	submittedAt: number;
}

export type Outcome =
	| { kind: 'stored' | 'duplicate'; id: number; submittedAt: number }
	| { kind: 'conflict' }
	| { kind: 'token_invalid' }
	| { kind: 'token_used' };

type Result = Outcome | { error: { message: string; code?: string } };

interface Core {
	one(s: Submission): Outcome;
	/** Every item in one transaction; an item's own failure is its result, a failed commit throws. */
	batch(items: Submission[]): Result[];
}

/** `(db) => Core`, as source, so the worker and the calling thread run the very same code. */
const CORE = `(db) => {
	const find = db.prepare('SELECT id, payload_hash, submitted_at FROM survey_responses WHERE survey_id = ? AND response_uuid = ?');
	const columns = '(survey_id, organization_id, version_id, response_uuid, channel, language, district, submitted_at, answers, payload_hash)';
	const values = 'VALUES (@surveyId, @organizationId, @versionId, @uuid, @channel, @language, @district, @submittedAt, @answers, @payloadHash)';
	const insert = db.prepare('INSERT INTO survey_responses ' + columns + ' ' + values);
	const insertNew = db.prepare('INSERT INTO survey_responses ' + columns + ' ' + values + ' ON CONFLICT (survey_id, response_uuid) DO NOTHING');
	const claim = db.prepare('UPDATE survey_tokens SET used_at = ?, response_id = ? WHERE token_hash = ? AND survey_id = ? AND used_at IS NULL');
	const tokenRow = db.prepare('SELECT used_at FROM survey_tokens WHERE token_hash = ? AND survey_id = ?');
	class TokenRefused extends Error {}
	const storeWithToken = db.transaction((s) => {
		const id = Number(insert.run(s).lastInsertRowid);
		if (claim.run(s.submittedAt, id, s.tokenHash, s.surveyId).changes !== 1) throw new TokenRefused();
		return id;
	});
	const existing = (s) => {
		const row = find.get(s.surveyId, s.uuid);
		if (!row) return undefined;
		return row.payload_hash === s.payloadHash ? { kind: 'duplicate', id: row.id, submittedAt: row.submitted_at } : { kind: 'conflict' };
	};
	const one = (s) => {
		if (!s.tokenHash) {
			const r = insertNew.run(s);
			if (r.changes === 1) return { kind: 'stored', id: Number(r.lastInsertRowid), submittedAt: s.submittedAt };
			const taken = existing(s);
			if (taken) return taken;
			throw new Error('response ' + s.uuid + ' neither stored nor found');
		}
		const before = existing(s);
		if (before) return before;
		try {
			return { kind: 'stored', id: storeWithToken(s), submittedAt: s.submittedAt };
		} catch (e) {
			if (e instanceof TokenRefused) return tokenRow.get(s.tokenHash, s.surveyId) ? { kind: 'token_used' } : { kind: 'token_invalid' };
			if (e && e.code === 'SQLITE_CONSTRAINT_UNIQUE') {
				const after = existing(s);
				if (after) return after;
			}
			throw e;
		}
	};
	const batch = db.transaction((items) =>
		items.map((s) => {
			try {
				return one(s);
			} catch (e) {
				return { error: { message: String((e && e.message) || e), code: e && e.code } };
			}
		})
	);
	return { one, batch };
}`;

function core(db: Database.Database): Core {
	return (new Function(`return ${CORE}`) as () => (db: Database.Database) => Core)()(db);
}

/** The worker: opens its own connection and commits each batch it is sent. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
db.pragma('synchronous = FULL');
const core = (${CORE})(db);
parentPort.on('message', (m) => {
	if (m === 'close') { db.close(); parentPort.close(); return; }
	try {
		parentPort.postMessage({ results: core.batch(m) });
	} catch (e) {
		parentPort.postMessage({ failed: { message: String((e && e.message) || e), code: e && e.code } });
	}
});
`;

interface Pending {
	item: Submission;
	resolve(o: Outcome): void;
	reject(e: unknown): void;
}

export interface GroupCommitter {
	submit(item: Submission): Promise<Outcome>;
	/** Stores many at once in one transaction on the calling thread (imports); same outcomes as `submit`. */
	storeMany(items: Submission[]): Outcome[];
	stats(): { batches: number; items: number; largestBatch: number };
	/** Answers everything queued, then closes both connections. */
	close(): Promise<void>;
}

function failure(e: { message: string; code?: string }): Error {
	return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

/**
 * Opens the intake connections on `path` (an in-memory database uses `fallback` and commits on
 * the calling thread) and returns the committer.
 */
export function createGroupCommitter(path: string, fallback: Database.Database, opts: { maxBatch?: number } = {}): GroupCommitter {
	const own = path !== ':memory:';
	const sqlite = own ? new Database(path) : fallback;
	if (own) {
		sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('busy_timeout = 5000');
		sqlite.pragma('foreign_keys = ON');
	}
	sqlite.pragma('synchronous = FULL');
	const local = core(sqlite);
	const maxBatch = opts.maxBatch ?? 2000;

	let worker: Worker | null = null;
	let queue: Pending[] = [];
	let inFlight: Pending[] | null = null;
	let scheduled = false;
	let closed = false;
	let drained: (() => void) | null = null;
	const counters = { batches: 0, items: 0, largestBatch: 0 };

	function settle(items: Pending[], results: Result[] | null, failed?: unknown) {
		items.forEach((p, i) => {
			const r = results?.[i];
			if (!r) p.reject(failed ?? new Error('intake commit failed'));
			else if ('error' in r) p.reject(failure(r.error));
			else p.resolve(r);
		});
	}

	function startWorker(): Worker {
		const w = new Worker(WORKER, { eval: true, workerData: { path, module: createRequire(import.meta.url).resolve('better-sqlite3') } });
		w.on('message', (m: { results?: Result[]; failed?: { message: string; code?: string } }) => {
			const items = inFlight ?? [];
			inFlight = null;
			// The commit itself failed: nothing of this batch is stored, and every caller hears so.
			settle(items, m.results ?? null, m.failed ? failure(m.failed) : undefined);
			next();
		});
		w.on('error', (e) => {
			const items = inFlight ?? [];
			inFlight = null;
			worker = null;
			settle(items, null, e);
			next();
		});
		w.unref();
		return w;
	}

	function take(): Pending[] {
		const items = queue.length > maxBatch ? queue.splice(0, maxBatch) : queue;
		if (items === queue) queue = [];
		counters.batches++;
		counters.items += items.length;
		counters.largestBatch = Math.max(counters.largestBatch, items.length);
		return items;
	}

	/** Sends the next batch when none is being committed; resolves `close()` once all is answered. */
	function next() {
		scheduled = false;
		if (inFlight) return;
		if (!queue.length) {
			worker?.unref();
			drained?.();
			return;
		}
		if (!own) {
			while (queue.length) {
				const items = take();
				let results: Result[] | null = null;
				let failed: unknown;
				try {
					results = local.batch(items.map((p) => p.item));
				} catch (e) {
					failed = e;
				}
				settle(items, results, failed);
			}
			drained?.();
			return;
		}
		worker ??= startWorker();
		inFlight = take();
		worker.ref(); // answers are owed: keep the process alive until they come back
		worker.postMessage(inFlight.map((p) => p.item));
	}

	return {
		submit(item) {
			if (closed) return Promise.reject(new Error('intake is closed'));
			return new Promise<Outcome>((resolve, reject) => {
				queue.push({ item, resolve, reject });
				if (!scheduled && !inFlight) {
					scheduled = true;
					setImmediate(next);
				}
			});
		},
		storeMany(items) {
			return sqlite.transaction((list: Submission[]) => list.map((s) => local.one(s)))(items);
		},
		stats: () => ({ ...counters }),
		async close() {
			if (closed) return;
			closed = true;
			if (inFlight || queue.length) {
				await new Promise<void>((ok) => {
					drained = ok;
					if (!inFlight) next();
				});
			}
			if (worker) {
				const w = worker;
				await new Promise<void>((ok) => {
					w.once('exit', () => ok());
					w.postMessage('close');
				});
			}
			if (own && sqlite.open) sqlite.close();
		}
	};
}

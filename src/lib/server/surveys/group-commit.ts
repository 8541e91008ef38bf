/**
 * Group commit for survey intake. Submissions that arrive while the previous batch is being made
 * durable are stored together in one transaction, and only then answered: a response is
 * acknowledged once it is on disk, while the cost of the disk sync is shared by the whole batch.
 *
 * The batch commits on the calling thread to a connection of intake's own on
 * `synchronous=NORMAL` (its WAL frames reach the page cache, well under a millisecond), then one
 * `fdatasync` of the WAL file on libuv's thread pool puts it on disk (`../db/wal-sync.ts`: the
 * durability of `synchronous=FULL`, the sync off the event loop), and only then are its callers
 * answered. Requests keep being read and validated while a batch is synced, and they form the
 * next batch. WAL checkpoints run on a thread of their own (`../db/checkpointer.ts`), never inside
 * a commit. Imports (`storeMany`) commit on the same connection and sync before they return.
 * When a sync fails, every caller of the batches it covered gets its error (over HTTP a 500, which
 * devices send again: the uuid makes the resend safe). `close` syncs on the calling thread and
 * answers everything queued before the connection closes.
 *
 * One failing item never takes its batch-mates with it: a response without a token is one
 * statement (`INSERT … ON CONFLICT (survey_id, response_uuid) DO NOTHING`, then a look at the row
 * that holds the uuid when nothing was inserted); one with a single-use token runs in its own
 * savepoint, which claims the token with a conditional UPDATE next to the insert. The
 * UNIQUE(survey_id, response_uuid) index is the final guard against duplicates.
 */
import Database from 'better-sqlite3';
import { startCheckpointer, WAL_SIZE_LIMIT } from '../db/checkpointer';
import { createWalSyncer, type WalIo } from '../db/wal-sync';

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

/** An item's outcome, or the error that kept it out (its batch-mates are stored all the same). */
type Result = Outcome | { error: Error };

interface Core {
	one(s: Submission): Outcome;
	/** Every item in one transaction; an item's own failure is its result, a failed commit throws. */
	batch(items: Submission[]): Result[];
}

interface StoredRow {
	id: number;
	payload_hash: string;
	submitted_at: number;
}

/** A single-use token already used, or not one of this survey's. */
class TokenRefused extends Error {}

/** The statements on `db`, prepared once. */
function createCore(db: Database.Database): Core {
	const find = db.prepare<[string, string], StoredRow>(
		'SELECT id, payload_hash, submitted_at FROM survey_responses WHERE survey_id = ? AND response_uuid = ?'
	);
	const columns =
		'(survey_id, organization_id, version_id, response_uuid, channel, language, district, submitted_at, answers, payload_hash)';
	const values =
		'VALUES (@surveyId, @organizationId, @versionId, @uuid, @channel, @language, @district, @submittedAt, @answers, @payloadHash)';
	const insert = db.prepare<[Submission]>(`INSERT INTO survey_responses ${columns} ${values}`);
	const insertNew = db.prepare<[Submission]>(
		`INSERT INTO survey_responses ${columns} ${values} ON CONFLICT (survey_id, response_uuid) DO NOTHING`
	);
	const claim = db.prepare<[number, number, string, string]>(
		'UPDATE survey_tokens SET used_at = ?, response_id = ? WHERE token_hash = ? AND survey_id = ? AND used_at IS NULL'
	);
	const tokenRow = db.prepare<[string, string], { used_at: number | null }>(
		'SELECT used_at FROM survey_tokens WHERE token_hash = ? AND survey_id = ?'
	);
	/** In a savepoint (nested in the batch's transaction): the insert and the claim, or neither. */
	const storeWithToken = db.transaction((s: Submission, tokenHash: string): number => {
		const id = Number(insert.run(s).lastInsertRowid);
		if (claim.run(s.submittedAt, id, tokenHash, s.surveyId).changes !== 1) throw new TokenRefused();
		return id;
	});
	const existing = (s: Submission): Outcome | undefined => {
		const row = find.get(s.surveyId, s.uuid);
		if (!row) return undefined;
		return row.payload_hash === s.payloadHash ? { kind: 'duplicate', id: row.id, submittedAt: row.submitted_at } : { kind: 'conflict' };
	};
	const one = (s: Submission): Outcome => {
		if (!s.tokenHash) {
			const r = insertNew.run(s);
			if (r.changes === 1) return { kind: 'stored', id: Number(r.lastInsertRowid), submittedAt: s.submittedAt };
			const taken = existing(s);
			if (taken) return taken;
			throw new Error(`response ${s.uuid} neither stored nor found`);
		}
		const before = existing(s);
		if (before) return before;
		try {
			return { kind: 'stored', id: storeWithToken(s, s.tokenHash), submittedAt: s.submittedAt };
		} catch (e) {
			if (e instanceof TokenRefused) return tokenRow.get(s.tokenHash, s.surveyId) ? { kind: 'token_used' } : { kind: 'token_invalid' };
			if ((e as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE') {
				const after = existing(s);
				if (after) return after;
			}
			throw e;
		}
	};
	const batch = db.transaction((items: Submission[]): Result[] =>
		items.map((s) => {
			try {
				return one(s);
			} catch (e) {
				return { error: e instanceof Error ? e : new Error(String(e)) };
			}
		})
	);
	return { one, batch };
}

interface Pending {
	item: Submission;
	resolve(o: Outcome): void;
	reject(e: unknown): void;
}

export interface GroupCommitter {
	submit(item: Submission): Promise<Outcome>;
	/**
	 * Stores many at once in one transaction on the calling thread (imports), durable when it
	 * returns; same outcomes as `submit`. Nothing is stored if one item fails.
	 */
	storeMany(items: Submission[]): Outcome[];
	stats(): { batches: number; items: number; largestBatch: number };
	/** Why nothing can be stored any more (a failed disk sync: restart the server), or null. */
	storageError(): Error | null;
	/** Makes everything queued durable and answers it, then closes the connection and the WAL file. */
	close(): Promise<void>;
}

/**
 * Opens intake's connection on `path` and returns the committer. An in-memory database has no
 * file to sync: it uses `fallback` and answers each batch once committed.
 */
export function createGroupCommitter(
	path: string,
	fallback: Database.Database,
	opts: {
		maxBatch?: number;
		/** the WAL file syncs (tests hold or fail them) */
		io?: WalIo;
		checkpointEveryMs?: number;
		/** WAL pages past which writers are held for a checkpoint that starts the WAL over (checkpointer.ts) */
		walResetFrames?: number;
	} = {}
): GroupCommitter {
	const own = path !== ':memory:';
	const sqlite = own ? new Database(path) : fallback;
	if (own) {
		sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('busy_timeout = 5000');
		sqlite.pragma('foreign_keys = ON');
		sqlite.pragma('synchronous = NORMAL'); // durable once `wal` has synced the WAL file
		sqlite.pragma('wal_autocheckpoint = 0'); // the checkpointer's thread checkpoints
		sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
	}
	const wal = own ? createWalSyncer(`${path}-wal`, opts.io) : null;
	const checkpointer = startCheckpointer(path, { everyMs: opts.checkpointEveryMs ?? 1000, resetFrames: opts.walResetFrames });
	const core = createCore(sqlite);
	const storeAll = sqlite.transaction((list: Submission[]) => list.map((s) => core.one(s)));
	const maxBatch = opts.maxBatch ?? 2000;

	let queue: Pending[] = [];
	/** the batch committed and waiting for its sync (one at a time: the next forms meanwhile) */
	let inFlight: Pending[] | null = null;
	let scheduled = false;
	let closed = false;
	const counters = { batches: 0, items: 0, largestBatch: 0 };

	function settle(items: Pending[], results: Result[] | null, failed?: unknown) {
		items.forEach((p, i) => {
			const r = results?.[i];
			if (!r) p.reject(failed ?? new Error('intake commit failed'));
			else if ('error' in r) p.reject(r.error);
			else p.resolve(r);
		});
	}

	function take(): Pending[] {
		const items = queue.length > maxBatch ? queue.splice(0, maxBatch) : queue;
		if (items === queue) queue = [];
		counters.batches++;
		counters.items += items.length;
		counters.largestBatch = Math.max(counters.largestBatch, items.length);
		return items;
	}

	/**
	 * Commits the next batch when none is waiting for its sync, and when the checkpointer is not
	 * holding the writers (`force`: closing, commit anyway).
	 */
	function next(force = false) {
		scheduled = false;
		if (!force && !inFlight && queue.length && !checkpointer.open()) {
			scheduled = true;
			return checkpointer.whenOpen(() => next());
		}
		while (!inFlight && queue.length) {
			const items = take();
			let results: Result[];
			try {
				results = core.batch(items.map((p) => p.item));
			} catch (e) {
				// The commit itself failed: nothing of this batch is stored, and every caller hears so.
				settle(items, null, e);
				continue;
			}
			if (!wal) {
				settle(items, results);
				continue;
			}
			inFlight = items;
			wal.afterSync((err) => {
				inFlight = null;
				// A failed sync: the batch may not be on disk, so no caller is told it is stored.
				settle(items, err ? null : results, err);
				next(closed); // closing: commit what is left, hold or not
			});
		}
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
			const outcomes = storeAll(items);
			const err = wal?.syncNow(true);
			if (err) throw err;
			return outcomes;
		},
		stats: () => ({ ...counters }),
		storageError: () => wal?.broken() ?? null,
		async close() {
			if (closed) return;
			closed = true;
			next(true);
			// Sync on this thread: answers what is in flight, whose answer commits the next batch, and so on.
			while (wal && inFlight) wal.syncNow();
			wal?.close();
			await checkpointer.stop();
			if (own && sqlite.open) sqlite.close();
		}
	};
}

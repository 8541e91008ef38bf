/**
 * Group commit for survey intake. Submissions that arrive within one turn of the event loop are
 * stored in one transaction on a dedicated connection with `synchronous=FULL` (the WAL is
 * fsync'd at every commit), and only then answered: a response is acknowledged once durable,
 * while the cost of the fsync is shared by the whole batch.
 *
 * Each submission runs in its own savepoint, so one failing item never takes its batch-mates
 * with it. The UNIQUE(survey_id, response_uuid) index is the final guard against duplicates;
 * a single-use token is claimed with a conditional UPDATE in the same savepoint as the insert.
 */
import Database from 'better-sqlite3';

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

interface Pending {
	item: Submission;
	resolve(o: Outcome): void;
	reject(e: unknown): void;
}

class TokenRefused extends Error {}

export interface GroupCommitter {
	submit(item: Submission): Promise<Outcome>;
	/** Stores many at once in one transaction (imports); same outcomes as `submit`. */
	storeMany(items: Submission[]): Outcome[];
	stats(): { batches: number; items: number; largestBatch: number };
	close(): void;
}

/**
 * Opens the intake connection on `path` (falls back to `fallback` for in-memory databases) and
 * returns the committer.
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
	const maxBatch = opts.maxBatch ?? 2000;
	const find = sqlite.prepare<[string, string], { id: number; payload_hash: string; submitted_at: number }>(
		'SELECT id, payload_hash, submitted_at FROM survey_responses WHERE survey_id = ? AND response_uuid = ?'
	);
	const insert = sqlite.prepare(
		`INSERT INTO survey_responses (survey_id, organization_id, version_id, response_uuid, channel, language, district, submitted_at, answers, payload_hash)
		 VALUES (@surveyId, @organizationId, @versionId, @uuid, @channel, @language, @district, @submittedAt, @answers, @payloadHash)`
	);
	const claim = sqlite.prepare(
		'UPDATE survey_tokens SET used_at = ?, response_id = ? WHERE token_hash = ? AND survey_id = ? AND used_at IS NULL'
	);
	const tokenRow = sqlite.prepare<[string, string], { used_at: number | null }>(
		'SELECT used_at FROM survey_tokens WHERE token_hash = ? AND survey_id = ?'
	);

	const storeOne = sqlite.transaction((s: Submission): number => {
		const id = Number(insert.run(s).lastInsertRowid);
		if (s.tokenHash && claim.run(s.submittedAt, id, s.tokenHash, s.surveyId).changes !== 1) throw new TokenRefused();
		return id;
	});

	function existing(s: Submission): Outcome | undefined {
		const row = find.get(s.surveyId, s.uuid);
		if (!row) return undefined;
		return row.payload_hash === s.payloadHash ? { kind: 'duplicate', id: row.id, submittedAt: row.submitted_at } : { kind: 'conflict' };
	}

	function one(s: Submission): Outcome {
		const before = existing(s);
		if (before) return before;
		try {
			return { kind: 'stored', id: storeOne(s), submittedAt: s.submittedAt };
		} catch (e) {
			if (e instanceof TokenRefused) return tokenRow.get(s.tokenHash!, s.surveyId) ? { kind: 'token_used' } : { kind: 'token_invalid' };
			if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
				const after = existing(s);
				if (after) return after;
			}
			throw e;
		}
	}

	const batch = sqlite.transaction((items: Pending[]) => {
		const out: (Outcome | { error: unknown })[] = [];
		for (const p of items) {
			try {
				out.push(one(p.item));
			} catch (error) {
				out.push({ error });
			}
		}
		return out;
	});

	let queue: Pending[] = [];
	let scheduled = false;
	let closed = false;
	const counters = { batches: 0, items: 0, largestBatch: 0 };

	function flush() {
		scheduled = false;
		while (queue.length) {
			const items = queue.length > maxBatch ? queue.splice(0, maxBatch) : queue;
			if (items === queue) queue = [];
			counters.batches++;
			counters.items += items.length;
			counters.largestBatch = Math.max(counters.largestBatch, items.length);
			let results: (Outcome | { error: unknown })[];
			try {
				results = batch(items);
			} catch (e) {
				// The commit itself failed: nothing of this batch is stored, and every caller hears so.
				for (const p of items) p.reject(e);
				continue;
			}
			items.forEach((p, i) => {
				const r = results[i]!;
				if ('error' in r) p.reject(r.error);
				else p.resolve(r);
			});
		}
	}

	return {
		submit(item) {
			if (closed) return Promise.reject(new Error('intake is closed'));
			return new Promise<Outcome>((resolve, reject) => {
				queue.push({ item, resolve, reject });
				if (!scheduled) {
					scheduled = true;
					setImmediate(flush);
				}
			});
		},
		storeMany(items) {
			return sqlite.transaction((list: Submission[]) => list.map(one))(items);
		},
		stats: () => ({ ...counters }),
		close() {
			if (closed) return;
			closed = true;
			flush();
			if (own && sqlite.open) sqlite.close();
		}
	};
}

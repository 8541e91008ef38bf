/**
 * Where Yjs documents are kept: an append-only update log per document plus one compacted
 * snapshot. A transaction never waits on anything else, so a PostgreSQL implementation can be
 * added behind the same interface (STACK.md pitfall 13). Every method is synchronous except the
 * optional group commit `appendBatchAsync`, which the sync server prefers when a store has it.
 * Implementations: in memory (below) and SQLite (sqlite-store.ts); both pass store.contract.ts.
 */
import { buildSnapshot } from './merge.js';

export interface StoredUpdate {
	seq: number;
	data: Uint8Array;
}

export interface StoredSnapshot {
	data: Uint8Array;
	/** Y.encodeStateVector format: the clocks the snapshot holds contiguously */
	stateVector: Uint8Array;
	/** what a client with `stateVector` still needs from the snapshot (delete set, gaps) */
	remainder: Uint8Array;
	/** the last log entry merged into it */
	seq: number;
}

export interface StoredDoc {
	snapshot: StoredSnapshot | null;
	/** log entries after the snapshot, in order */
	updates: StoredUpdate[];
}

export interface StoreStats {
	docs: number;
	updates: number;
	updateBytes: number;
	snapshots: number;
	snapshotBytes: number;
}

/**
 * Who made an update, for documents that keep an edit history. `author` is a user id, or null for
 * a change nobody in particular made. Absent: the update is not recorded in the history.
 */
export interface UpdateAuthor {
	author: string | null;
}

export interface AppendEntry {
	name: string;
	update: Uint8Array;
	history?: UpdateAuthor;
}

/** One recorded edit: its log sequence number (null for the baseline), author, time and bytes. */
export interface HistoryEntry {
	id: number;
	seq: number | null;
	author: string | null;
	at: number;
	data: Uint8Array;
}

/** A recorded edit without its bytes: all that grouping and paging the history need. */
export type HistoryIndexEntry = Omit<HistoryEntry, 'data'>;

export interface DocStore {
	/** Appends one update; returns its sequence number (increasing across the store). */
	append(name: string, update: Uint8Array, history?: UpdateAuthor): number;
	/**
	 * Appends several updates in one transaction (group commit): all are stored or none. An entry
	 * with `history` is also recorded in the document's edit history in that transaction; the
	 * first one recorded for a document that already has content is preceded by a baseline entry
	 * (seq null, author null) holding that content.
	 */
	appendBatch(entries: readonly AppendEntry[]): number[];
	/**
	 * Optional: `appendBatch` without holding up the calling thread (SQLite: the disk sync runs on
	 * libuv's thread pool). `done` runs on a later turn with the sequence numbers once the batch is
	 * durable, or with the error: then the batch is not stored, or not known to be on disk (a
	 * failed sync), and its senders must send it again. Batches are answered in the order given. A
	 * PostgreSQL store would send the transaction here and answer when it has committed.
	 */
	appendBatchAsync?(entries: readonly AppendEntry[], done: (err: Error | null, seqs: number[]) => void): void;
	/** With `appendBatchAsync`: blocks until every batch given to it is answered (its `done` has run). */
	settle?(): void;
	/** The edit history of a document, oldest first (never compacted). */
	history(name: string): HistoryEntry[];
	/** The edit history of a document without the update bytes, oldest first. */
	historyIndex(name: string): HistoryIndexEntry[];
	/** The recorded edits of a document with `fromId <= id <= toId`, bytes included, oldest first. */
	historyRange(name: string, fromId: number, toId: number): HistoryEntry[];
	load(name: string): StoredDoc;
	/** Merges the snapshot and the log into a new snapshot; null when the document is empty. */
	compact(name: string): StoredSnapshot | null;
	/**
	 * Optional: `compact` without holding up the calling thread (SQLite: on its compaction
	 * thread). `done` runs on a later turn with the snapshot written (null: an empty document) or
	 * the error (the log is then as it was). A snapshot only ever replaces an older one.
	 */
	compactAsync?(name: string, done: (err: Error | null, snap: StoredSnapshot | null) => void): void;
	stats(name?: string): StoreStats;
	/** Optional: why nothing can be stored any more (SQLite: a failed disk sync; restart), or null. */
	storageError?(): Error | null;
	/** Releases the store; resolves once its files are no longer in use (helper threads included). */
	close(): void | Promise<void>;
}

export { buildSnapshot } from './merge.js';

/**
 * Answers to give on a later turn of the event loop, in order; `flush` gives them now (settle).
 * How a store that commits on the calling thread still answers `appendBatchAsync` asynchronously.
 */
export function laterAnswers() {
	const queue: (() => void)[] = [];
	let timer: NodeJS.Immediate | null = null;
	const flush = () => {
		if (timer) clearImmediate(timer);
		timer = null;
		while (queue.length) queue.shift()!();
	};
	return {
		push(answer: () => void) {
			queue.push(answer);
			timer ??= setImmediate(flush);
		},
		flush
	};
}

/** Runs `run` now and answers its result, or its error with `failed`, through `answers`. */
export function answerLater<R>(
	answers: ReturnType<typeof laterAnswers>,
	run: () => R,
	failed: R,
	done: (err: Error | null, result: R) => void
): void {
	let result = failed;
	let error: Error | null = null;
	try {
		result = run();
	} catch (err) {
		error = err as Error;
	}
	answers.push(() => done(error, result));
}

/** appendBatch, answered through `answers` with its seqs or its error. */
export function appendAnswered(store: Pick<DocStore, 'appendBatch'>, answers: ReturnType<typeof laterAnswers>) {
	return (entries: readonly AppendEntry[], done: (err: Error | null, seqs: number[]) => void) =>
		answerLater(answers, () => store.appendBatch(entries), [], done);
}

interface MemDoc {
	snapshot: StoredSnapshot | null;
	updates: StoredUpdate[];
	history: HistoryEntry[];
}

/** For unit tests and tools: the same contract, nothing durable. */
export function createMemoryDocStore(): DocStore {
	const docs = new Map<string, MemDoc>();
	let seq = 0;
	let historyId = 0;
	const docOf = (name: string): MemDoc => {
		let d = docs.get(name);
		if (!d) docs.set(name, (d = { snapshot: null, updates: [], history: [] }));
		return d;
	};
	const copy = (u: Uint8Array) => u.slice();
	const answers = laterAnswers();
	return {
		append(name, update, history) {
			const d = docOf(name);
			if (history && d.history.length === 0) {
				const base = buildSnapshot(d);
				if (base) d.history.push({ id: ++historyId, seq: null, author: null, at: Date.now(), data: copy(base.data) });
			}
			d.updates.push({ seq: ++seq, data: copy(update) });
			if (history) d.history.push({ id: ++historyId, seq, author: history.author, at: Date.now(), data: copy(update) });
			return seq;
		},
		appendBatch(entries) {
			// all or nothing, as in a transaction
			const bad = entries.findIndex((e) => typeof e.name !== 'string' || !(e.update instanceof Uint8Array));
			if (bad >= 0) throw new Error(`entry ${bad}: a name and an update are required`);
			return entries.map((e) => this.append(e.name, e.update, e.history));
		},
		appendBatchAsync(entries, done) {
			appendAnswered(this, answers)(entries, done); // `this`: a copy with another appendBatch uses it
		},
		settle() {
			answers.flush();
		},
		history(name) {
			return [...(docs.get(name)?.history ?? [])];
		},
		historyIndex(name) {
			return (docs.get(name)?.history ?? []).map(({ id, seq, author, at }) => ({ id, seq, author, at }));
		},
		historyRange(name, fromId, toId) {
			return (docs.get(name)?.history ?? []).filter((e) => e.id >= fromId && e.id <= toId);
		},
		load(name) {
			const d = docs.get(name);
			return d ? { snapshot: d.snapshot, updates: [...d.updates] } : { snapshot: null, updates: [] };
		},
		compact(name) {
			const d = docs.get(name);
			if (!d) return null;
			const snap = buildSnapshot(d);
			if (!snap) return null;
			d.snapshot = snap;
			d.updates = d.updates.filter((u) => u.seq > snap.seq);
			return snap;
		},
		stats(name) {
			const list = name ? [docs.get(name)].filter((d): d is MemDoc => !!d) : [...docs.values()];
			const s: StoreStats = { docs: 0, updates: 0, updateBytes: 0, snapshots: 0, snapshotBytes: 0 };
			for (const d of list) {
				if (!d.snapshot && d.updates.length === 0) continue;
				s.docs++;
				s.updates += d.updates.length;
				for (const u of d.updates) s.updateBytes += u.data.length;
				if (d.snapshot) {
					s.snapshots++;
					s.snapshotBytes += d.snapshot.data.length;
				}
			}
			return s;
		},
		close() {
			docs.clear();
		}
	};
}

/**
 * Group commit: updates are stored in batches, one transaction each, and only acknowledged and
 * relayed once the store says the batch is durable. With a store that answers later
 * (`appendBatchAsync`: SQLite syncs its WAL file off the event loop), one batch is on its way to
 * disk at a time and the updates that arrive meanwhile form the next one, so the batch grows with
 * the load and the event loop keeps relaying while the disk works. Without it, the updates of one
 * event-loop turn form a batch.
 * A failed write acknowledges and relays nothing; the senders are disconnected and their
 * clients, which still hold the changes, send them again on reconnect.
 */
import { createHistogram } from 'node:perf_hooks';
import type { Conn, LoadedDoc } from './loaded-doc';
import type { SyncLog } from './server';
import type { DocStore, UpdateAuthor } from './store';
import type { UpdateInfo } from './updates';

export interface PendingUpdate {
	doc: LoadedDoc;
	conn: Conn;
	update: Uint8Array;
	info: UpdateInfo;
	/** recorded in the document's edit history with this author */
	history?: UpdateAuthor;
	/** performance.now() when it was queued */
	queuedAt: number;
}

export interface CommitHandlers {
	stored(entry: PendingUpdate, seq: number): void;
	failed(conns: Set<Conn>): void;
}

export class GroupCommit {
	private queue: PendingUpdate[] = [];
	/** transactions committed (stored updates / commits = the group size) */
	commits = 0;
	private scheduled: NodeJS.Immediate | null = null;
	/** a batch handed to `appendBatchAsync` and not answered yet */
	private inFlight = false;
	/** how long batches took from hand-over to answer, in µs */
	readonly commitMicros = createHistogram();
	/** how long updates took from being queued to being stored (the wait for the batch before included), in µs */
	readonly storedMicros = createHistogram();

	constructor(
		private readonly store: DocStore,
		private readonly log: SyncLog,
		private readonly on: CommitHandlers
	) {}

	get pending(): number {
		return this.queue.length;
	}

	enqueue(doc: LoadedDoc, conn: Conn, update: Uint8Array, info: UpdateInfo, history?: UpdateAuthor): void {
		this.queue.push({ doc, conn, update, info, history, queuedAt: performance.now() });
		if (!this.inFlight) this.scheduled ??= setImmediate(() => this.send());
	}

	/** Hands what is queued to the store as one batch (one at a time). */
	private send(): void {
		this.scheduled = null;
		if (this.inFlight || this.queue.length === 0) return;
		if (!this.store.appendBatchAsync) return this.flush();
		const batch = this.take();
		this.inFlight = true;
		const started = performance.now();
		this.store.appendBatchAsync(this.entries(batch), (err, seqs) => {
			this.inFlight = false;
			this.commitMicros.record(Math.max(1, Math.round((performance.now() - started) * 1000)));
			this.finish(batch, err, seqs);
			if (this.queue.length) this.send();
		});
	}

	/** Stores everything queued now and runs the handlers before returning (tests, shutdown, server changes). */
	flush(): void {
		if (this.scheduled) clearImmediate(this.scheduled);
		this.scheduled = null;
		while (this.inFlight) this.store.settle!();
		const batch = this.take();
		if (batch.length === 0) return;
		let seqs: number[] = [];
		let error: Error | null = null;
		try {
			seqs = this.store.appendBatch(this.entries(batch));
		} catch (err) {
			error = err as Error;
		}
		this.finish(batch, error, seqs);
	}

	private take(): PendingUpdate[] {
		const batch = this.queue;
		this.queue = [];
		return batch;
	}

	private entries(batch: PendingUpdate[]) {
		return batch.map((e) => ({ name: e.doc.name, update: e.update, history: e.history }));
	}

	private finish(batch: PendingUpdate[], err: Error | null, seqs: number[]): void {
		if (err) {
			this.log.error({ err: err.message, updates: batch.length }, 'sync.store_failed');
			this.on.failed(new Set(batch.map((e) => e.conn)));
			return;
		}
		this.commits++;
		const now = performance.now();
		for (let i = 0; i < batch.length; i++) {
			this.storedMicros.record(Math.max(1, Math.round((now - batch[i]!.queuedAt) * 1000)));
			try {
				this.on.stored(batch[i]!, seqs[i]!);
			} catch (err) {
				// stored already; only the relay of this one failed: its peers resync on reconnect
				this.log.error({ err: (err as Error).message, doc: batch[i]!.doc.name }, 'sync.relay_failed');
			}
		}
	}
}

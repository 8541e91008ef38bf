/**
 * Group commit: updates that arrive in the same turn of the event loop are stored in one
 * transaction (one fsync on the FULL-synchronous connection), and only then acknowledged and
 * relayed. A failed write acknowledges and relays nothing; the senders are disconnected and
 * their clients, which still hold the changes, send them again on reconnect.
 */
import type { Conn, LoadedDoc } from './loaded-doc';
import { encodeStored } from './messages';
import type { SyncLog } from './server';
import type { DocStore, UpdateAuthor } from './store';
import { encodeStateVector, type UpdateInfo } from './updates';

export interface PendingUpdate {
	doc: LoadedDoc;
	conn: Conn;
	update: Uint8Array;
	info: UpdateInfo;
	/** the MESSAGE_STORED frame for the sender */
	ack: Uint8Array;
	/** recorded in the document's edit history with this author */
	history?: UpdateAuthor;
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

	constructor(
		private readonly store: DocStore,
		private readonly log: SyncLog,
		private readonly on: CommitHandlers
	) {}

	/** MESSAGE_STORED for an update: the end state vector of what it carried. */
	static ackFor(info: UpdateInfo): Uint8Array {
		return encodeStored(encodeStateVector(info.to));
	}

	get pending(): number {
		return this.queue.length;
	}

	enqueue(doc: LoadedDoc, conn: Conn, update: Uint8Array, info: UpdateInfo, history?: UpdateAuthor): void {
		this.queue.push({ doc, conn, update, info, ack: GroupCommit.ackFor(info), history });
		this.scheduled ??= setImmediate(() => this.flush());
	}

	/** Stores everything queued now, in one transaction, then runs the handlers in order. */
	flush(): void {
		if (this.scheduled) clearImmediate(this.scheduled);
		this.scheduled = null;
		const batch = this.queue;
		if (batch.length === 0) return;
		this.queue = [];
		let seqs: number[];
		try {
			seqs = this.store.appendBatch(batch.map((e) => ({ name: e.doc.name, update: e.update, history: e.history })));
		} catch (err) {
			this.log.error({ err: (err as Error).message, updates: batch.length }, 'sync.store_failed');
			this.on.failed(new Set(batch.map((e) => e.conn)));
			return;
		}
		this.commits++;
		for (let i = 0; i < batch.length; i++) {
			try {
				this.on.stored(batch[i]!, seqs[i]!);
			} catch (err) {
				// stored already; only the relay of this one failed: its peers resync on reconnect
				this.log.error({ err: (err as Error).message, doc: batch[i]!.doc.name }, 'sync.relay_failed');
			}
		}
	}
}

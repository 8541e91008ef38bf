/**
 * Tracks what the sync server has durably stored of one document, so the UI can say "3 changes
 * not yet saved". Framework-free (unit-tested in Node with plain Y.Docs).
 *
 * What the server has stored ("stored" state vector) is learnt from three sources:
 *  1. its sync step 1 on each connection: the server's whole state vector. We REPLACE our belief
 *     with it (not merge): if the server was restored from a backup and lost something, the count
 *     goes up again until our sync step 2 is stored and acknowledged. Before the first connection
 *     we start from the belief persisted on this device (or from nothing: everything counts).
 *  2. MESSAGE_STORED acknowledgements (a state vector) for what we sent; merged (max per client).
 *  3. updates (and sync step 2) the server sends us: it stores before relaying, so their end clocks
 *     are stored. Fed from the raw message (`serverUpdate`), because applying an update we already
 *     have emits no document event.
 *
 * Deletions do not advance a state vector, so a delete-only change (removing an item) is counted
 * separately: we keep such local updates until an acknowledgement arrives after they were sent, or
 * until a delete set from the server (its sync step 2 always carries its whole delete set) covers
 * them. Known gap: an acknowledgement for an earlier message that arrives after a delete was sent
 * clears that delete a few milliseconds early; it is already on the socket, in order.
 */
import * as Y from 'yjs';
import { mergeStateVectors, unsyncedCount, type StateVector } from './unsynced';

export interface TrackerSnapshot {
	/** what the server is believed to have stored, as [client, clock] pairs */
	stored: [number, number][];
	/** local delete-only updates not known to be stored */
	pendingDeletes: Uint8Array[];
}

export interface TrackerOptions {
	/** True while a local update goes out on the socket at once. */
	isConnected: () => boolean;
	initial?: TrackerSnapshot | null;
	onChange?: (unsynced: number) => void;
}

type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

function coveredBy(pending: Uint8Array, ds: DeleteSet): boolean {
	for (const [client, items] of Y.decodeUpdate(pending).ds.clients) {
		for (const it of items) {
			for (let c = it.clock; c < it.clock + it.len; c++) if (!Y.isDeleted(ds, Y.createID(client, c))) return false;
		}
	}
	return true;
}

export class StoredTracker {
	readonly #doc: Y.Doc;
	readonly #opts: TrackerOptions;
	#stored: StateVector;
	#pending: Uint8Array[];
	/** how many of #pending (from the front) went out on the current connection */
	#sent = 0;
	#last = -1;

	constructor(doc: Y.Doc, opts: TrackerOptions) {
		this.#doc = doc;
		this.#opts = opts;
		this.#stored = new Map(opts.initial?.stored ?? []);
		this.#pending = [...(opts.initial?.pendingDeletes ?? [])];
		doc.on('update', this.#onUpdate);
	}

	/** Local changes the server has not stored (Yjs items plus delete-only changes). */
	get unsynced(): number {
		const local = Y.decodeStateVector(Y.encodeStateVector(this.#doc));
		return unsyncedCount(local, this.#stored) + this.#pending.length;
	}

	/** The server's sync step 1 (its state vector). Our reply, sent next, carries every deletion. */
	serverStateVector(sv: Uint8Array): void {
		this.#stored = Y.decodeStateVector(sv);
		this.#sent = this.#pending.length;
		this.#notify(true);
	}

	/** An update or sync step 2 received from the server, before (or after) it is applied. */
	serverUpdate(update: Uint8Array): void {
		mergeStateVectors(this.#stored, Y.parseUpdateMeta(update).to);
		if (this.#pending.length) this.#dropCovered(Y.decodeUpdate(update).ds);
		this.#notify(false);
	}

	/** A MESSAGE_STORED acknowledgement. */
	ack(sv: Uint8Array): void {
		mergeStateVectors(this.#stored, Y.decodeStateVector(sv));
		this.#pending.splice(0, this.#sent);
		this.#sent = 0;
		this.#notify(true);
	}

	/** The socket closed: what was sent but not acknowledged is sent again on the next sync. */
	disconnected(): void {
		this.#sent = 0;
	}

	snapshot(): TrackerSnapshot {
		return { stored: [...this.#stored], pendingDeletes: [...this.#pending] };
	}

	destroy(): void {
		this.#doc.off('update', this.#onUpdate);
	}

	// Remote updates (tr.local false) arrive through serverUpdate(); here only the count changes.
	#onUpdate = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void => {
		if (tr.local && Y.parseUpdateMeta(update).to.size === 0) {
			this.#pending.push(update);
			if (this.#opts.isConnected()) this.#sent = this.#pending.length;
		}
		this.#notify(false);
	};

	#dropCovered(ds: DeleteSet): void {
		if (ds.clients.size === 0) return;
		const keep: Uint8Array[] = [];
		let sent = this.#sent;
		this.#pending.forEach((p, i) => {
			if (!coveredBy(p, ds)) keep.push(p);
			else if (i < this.#sent) sent--;
		});
		this.#pending = keep;
		this.#sent = sent;
	}

	#notify(force: boolean): void {
		const n = this.unsynced;
		if (force || n !== this.#last) {
			this.#last = n;
			this.#opts.onChange?.(n);
		}
	}
}

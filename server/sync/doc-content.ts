/**
 * The content of a loaded document as stored bytes, not a Y.Doc: the snapshot, the log entries
 * after it, and the state vector they add up to. Answering a client's sync step 1 from these is
 * fast even for a document of 100,000 entries: nothing is decoded when the client has nothing
 * (the snapshot is sent as it is) or already has the snapshot (only its remainder and the log
 * tail are sent). A Y.Doc is built only for projections.
 */
import * as Y from 'yjs';
import type { StoredDoc, StoredSnapshot, StoredUpdate } from './store';
import {
	Coverage,
	covers,
	decodeStateVector,
	DeletedCoverage,
	deleteRunsOf,
	EMPTY_UPDATE,
	mergeMany,
	scanUpdate,
	type StateVector,
	type UpdateInfo
} from './updates';

/** Below this size the snapshot part and the tail part go out as one sync step 2. */
const MERGE_REPLY_BELOW = 256 * 1024;

export interface SyncReply {
	/** sent first as a sync update, when the snapshot part is too big to merge with */
	update: Uint8Array | null;
	step2: Uint8Array;
}

export class DocContent {
	private snapshot: StoredSnapshot | null;
	private snapshotSV: StateVector;
	private tail: StoredUpdate[];
	private tailMerged: Uint8Array | null = null;
	/** end clocks over the tail, and whether it deletes anything */
	private tailTo: StateVector = new Map();
	private tailDeletes = false;
	private tailBytes = 0;
	readonly coverage: Coverage;
	/** built on first need: what the snapshot and the tail delete */
	private deleted: DeletedCoverage | null = null;

	constructor(stored: StoredDoc) {
		this.snapshot = stored.snapshot;
		this.snapshotSV = stored.snapshot ? decodeStateVector(stored.snapshot.stateVector) : new Map();
		this.coverage = new Coverage(this.snapshotSV);
		this.tail = [];
		for (const u of stored.updates) {
			let info: UpdateInfo | null = null;
			try {
				info = scanUpdate(u.data);
			} catch {
				// validated before it was stored; if not decodable now, under-claim (safe) and keep it
			}
			this.push(u, info);
		}
	}

	get tailRows(): number {
		return this.tail.length;
	}

	get tailSize(): number {
		return this.tailBytes;
	}

	/** The server's sync step 1 payload. */
	stateVector(): Uint8Array {
		return this.coverage.encode();
	}

	/** Adds a stored log entry. */
	push(u: StoredUpdate, info: UpdateInfo | null): void {
		this.tail.push(u);
		this.tailBytes += u.data.length;
		this.tailMerged = null;
		if (!info) {
			this.tailDeletes = true; // unknown content: always send the tail
			this.tailTo.set(-1, Number.MAX_SAFE_INTEGER);
			this.deleted = null;
			return;
		}
		this.coverage.addUpdate(info);
		if (info.deletes) {
			this.tailDeletes = true;
			this.deleted?.addRuns(info.deleted);
		}
		for (const [c, k] of info.to) if ((this.tailTo.get(c) ?? 0) < k) this.tailTo.set(c, k);
	}

	/**
	 * True when storing `info` would add nothing: every struct and every deletion in it is already
	 * stored. A reconnecting client re-sends its whole delete set; this keeps it out of the log.
	 */
	holdsAll(info: UpdateInfo): boolean {
		if (!this.coverage.holds(info)) return false;
		if (!info.deletes) return true;
		return this.deletedCoverage().holds(info.deleted);
	}

	private deletedCoverage(): DeletedCoverage {
		if (this.deleted) return this.deleted;
		const d = new DeletedCoverage();
		try {
			// the remainder holds the snapshot's whole delete set, and is small to decode
			if (this.snapshot) d.addRuns(deleteRunsOf(this.snapshot.remainder));
			for (const u of this.tail) d.addRuns(deleteRunsOf(u.data));
		} catch {
			return new DeletedCoverage(); // undecodable bytes: claim nothing (stores again, safely)
		}
		return (this.deleted = d);
	}

	/**
	 * After compaction: the new snapshot replaces the log entries it merged. One older than the
	 * snapshot held (a compaction answered late) is ignored: the entries after it are gone here.
	 */
	replaceSnapshot(snap: StoredSnapshot): void {
		if (this.snapshot && snap.seq <= this.snapshot.seq) return;
		this.snapshot = snap;
		this.snapshotSV = decodeStateVector(snap.stateVector);
		const rest = this.tail.filter((u) => u.seq > snap.seq);
		this.tail = [];
		this.tailBytes = 0;
		this.tailMerged = null;
		this.tailTo = new Map();
		this.tailDeletes = false;
		this.deleted = null;
		for (const u of rest) this.push(u, scanUpdate(u.data));
	}

	/** What a client with state vector `clientSV` is missing. */
	reply(clientSVBytes: Uint8Array): SyncReply {
		const clientSV = decodeStateVector(clientSVBytes);
		const snapPart = this.snapshotPart(clientSV, clientSVBytes);
		const tailPart = this.tailPart(clientSV, clientSVBytes);
		if (!tailPart) return { update: null, step2: snapPart ?? EMPTY_UPDATE };
		if (!snapPart) return { update: null, step2: tailPart };
		if (snapPart.length < MERGE_REPLY_BELOW) return { update: null, step2: Y.mergeUpdates([snapPart, tailPart]) };
		// Yjs keeps the tail's structs pending until the snapshot arrives; `synced` fires after both.
		return { update: tailPart, step2: snapPart };
	}

	/** The whole document as one update (projections, tests). */
	full(): Uint8Array {
		const parts = this.snapshot ? [this.snapshot.data, ...this.tail.map((u) => u.data)] : this.tail.map((u) => u.data);
		return mergeMany(parts);
	}

	private snapshotPart(clientSV: StateVector, clientSVBytes: Uint8Array): Uint8Array | null {
		const snap = this.snapshot;
		if (!snap) return null;
		if (clientSV.size === 0) return snap.data; // nothing to diff against: send it as stored
		if (covers(clientSV, this.snapshotSV)) return snap.remainder.length > 2 ? snap.remainder : null;
		return Y.diffUpdate(snap.data, clientSVBytes);
	}

	private tailPart(clientSV: StateVector, clientSVBytes: Uint8Array): Uint8Array | null {
		if (this.tail.length === 0) return null;
		if (!this.tailDeletes && covers(clientSV, this.tailTo)) return null;
		this.tailMerged ??= mergeMany(this.tail.map((u) => u.data));
		return clientSV.size === 0 ? this.tailMerged : Y.diffUpdate(this.tailMerged, clientSVBytes);
	}
}

/**
 * A document while it is in memory: its stored content, its connections, its presence, and the
 * timers that batch presence, debounce its projection and unload it when nobody is left.
 */
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { DocKind } from '../../src/lib/sync/protocol';
import { DocContent } from './doc-content';
import { DocPresence, presenceTiming, type PresenceLimits, type PresencePeer } from './presence';
import type { StoredDoc } from './store';

/** Who is on the other end of a socket, as the auth layer told the engine. */
export interface Principal {
	userId: string;
	name: string;
	organizationId: string;
	/** what the auth layer needs to check this person again (kept in memory, never logged) */
	credential: unknown;
}

export interface Conn {
	ws: WebSocket;
	doc: LoadedDoc;
	principal: Principal;
	canWrite: boolean;
	peer: PresencePeer;
	/** has not yet received the full presence list */
	fresh: boolean;
	alive: boolean;
	closed: boolean;
	/** what this connection sent and is stored, not yet answered with MESSAGE_STORED */
	acked?: Map<number, number> | null;
}

/** Runs `fn` after `ms` (0: on the next turn of the event loop); returns a cancel function. */
export function later(fn: () => void, ms: number): () => void {
	if (ms <= 0) {
		const h = setImmediate(fn);
		return () => clearImmediate(h);
	}
	const t = setTimeout(fn, ms);
	t.unref();
	return () => clearTimeout(t);
}

export class LoadedDoc {
	readonly content: DocContent;
	readonly presence: DocPresence;
	readonly conns = new Set<Conn>();
	cancelPresence: (() => void) | null = null;
	/** when the first presence change not yet flushed arrived (Date.now()), or null */
	presenceSince: number | null = null;
	cancelUnload: (() => void) | null = null;
	cancelProjection: (() => void) | null = null;
	/** Whether the kind's projection applies to this document (asked once, on first store). */
	projects: boolean | null = null;
	compactionQueued = false;
	/** a compaction was handed to the store and is not answered yet */
	compacting = false;
	/** the Y.Doc kept for the projection, and stored updates it has not seen yet */
	projectionDoc: Y.Doc | null = null;
	projectionPending: Uint8Array[] = [];

	constructor(
		readonly name: string,
		readonly kind: DocKind,
		stored: StoredDoc,
		limits: PresenceLimits
	) {
		this.content = new DocContent(stored);
		this.presence = new DocPresence(limits);
	}

	/** The projection's Y.Doc, brought up to date. Built from stored bytes on first use. */
	projectionState(): Y.Doc {
		if (!this.projectionDoc) {
			this.projectionDoc = new Y.Doc();
			Y.applyUpdate(this.projectionDoc, this.content.full());
		} else {
			for (const u of this.projectionPending) Y.applyUpdate(this.projectionDoc, u);
		}
		this.projectionPending = [];
		return this.projectionDoc;
	}

	noteStored(update: Uint8Array): void {
		if (this.projectionDoc) this.projectionPending.push(update);
	}

	/** How long presence changes wait to be batched (see `presenceTiming`). */
	presenceTiming(): { quiet: number; cap: number } {
		return presenceTiming(this.conns.size);
	}

	dispose(): void {
		this.cancelPresence?.();
		this.cancelUnload?.();
		this.cancelProjection?.();
		this.cancelPresence = this.cancelUnload = this.cancelProjection = null;
		this.presenceSince = null;
		this.projectionDoc?.destroy();
		this.projectionDoc = null;
		this.projectionPending = [];
	}
}

/**
 * The collaboration engine: y-websocket's wire protocol on `/sync/<docName>`, so the stock
 * WebsocketProvider works unchanged. Framework-free; `for-context.ts` wires it to the app.
 *
 * Path of an update: decoded and validated → queued → stored with the other updates of the same
 * event-loop turn in one transaction (group commit) → MESSAGE_STORED to the sender → relayed to
 * the document's other connections. Nothing is relayed or acknowledged before it is stored.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { CLOSE, parseDocName, type DocKind } from '../../src/lib/sync/protocol';
import { frameOf, sendFramed } from './broadcast';
import { GroupCommit } from './commits';
import { DocContent } from './doc-content';
import { later, LoadedDoc, type Conn } from './loaded-doc';
import { encodeStep1, encodeStep2, encodeStored, encodeUpdate, FrameError, parseFrame, readAwareness } from './messages';
import { DEFAULT_PRESENCE_LIMITS, newPresencePeer, colorFor, nextPresenceFlush } from './presence';
import type { HistoryEntry, HistoryIndexEntry } from './store';
import type { Handshake, SyncOptions, SyncStats } from './types';
import { docNameFromUrl, isEmptyStateVector, refuseUpgrade } from './upgrade';
import { encodeStateVector, scanUpdate, type StateVector, type UpdateInfo } from './updates';

export type { Principal } from './loaded-doc';
export type { Handshake, Projection, SyncAuth, SyncLog, SyncOptions, SyncStats } from './types';

/** A peer that does not read this much of what we send is cut off rather than buffered. */
const MAX_BUFFERED = 32 * 1024 * 1024;
/** A refused or kicked socket gets this long to complete the close handshake. */
const CLOSE_GRACE_MS = 5_000;
/** The transaction origin of changes the server makes itself (`change`). */
const SERVER_ORIGIN = Symbol('server');
/** Entries in one awareness frame: a provider's re-broadcast lists every peer it knows. */
const MAX_AWARENESS_ENTRIES = 65_536;
/**
 * MESSAGE_STORED answers to one connection are merged for this long (a state vector: the latest
 * holds the earlier ones), like TCP's delayed ACK: a fast writer gets one answer per window, not
 * one per update. Nothing is relayed later for it; only the sender's count of unsaved changes
 * drops up to this much later.
 */
const ACK_DELAY_MS = 40;
/** messages up to this size are copied into a frame of their own (`send`) */
const FRAME_COPY_MAX = 16 * 1024;
/** Compact on unload when the log has at least this many rows. */
const UNLOAD_COMPACT_ROWS = 32;

export function createSyncServer(opts: SyncOptions) {
	const { store, auth, log } = opts;
	const limits = opts.presence ?? DEFAULT_PRESENCE_LIMITS;
	const compactRows = opts.compactRows ?? 500;
	const compactBytes = opts.compactBytes ?? 1024 * 1024;
	const historyKinds = new Set<DocKind>(opts.historyKinds ?? ['actionplan']);
	const authored = (kind: DocKind, author: string | null) => (historyKinds.has(kind) ? { author } : undefined);
	const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload, perMessageDeflate: false, clientTracking: false });
	const docs = new Map<string, LoadedDoc>();
	const byUser = new Map<string, Set<Conn>>();
	const stats: SyncStats = {
		docsLoaded: 0,
		connections: 0,
		framesIn: 0,
		framesOut: 0,
		stored: 0,
		readOnlyDropped: 0,
		kicked: 0,
		refused: 0,
		presenceDropped: 0
	};
	let closing = false;

	/** Whether `conn` can take another frame now (a peer that reads nothing is cut off). */
	const writable = (conn: Conn): boolean => {
		const ws = conn.ws;
		if (conn.closed || ws.readyState !== ws.OPEN) return false;
		if (ws.bufferedAmount > MAX_BUFFERED) return (void ws.terminate(), false);
		stats.framesOut++;
		return true;
	};

	/**
	 * One message to one connection. A small one (acks, sync replies, presence) is framed into one
	 * buffer and written as relays are (0.6 µs less CPU per delivery in bench:sync 50 × 10); a large
	 * one goes through `ws`, which writes its header and payload without copying the payload.
	 */
	const send = (conn: Conn, message: Uint8Array) => {
		if (!writable(conn)) return;
		if (message.length <= FRAME_COPY_MAX) sendFramed(conn.ws, frameOf(message), message);
		else conn.ws.send(message);
	};

	/** The same message to every connection of `doc` but `except`, framed once. */
	const broadcast = (doc: LoadedDoc, message: Uint8Array, except?: Conn) => {
		let frame: Buffer | null = null;
		for (const peer of doc.conns) if (peer !== except && writable(peer)) sendFramed(peer.ws, (frame ??= frameOf(message)), message);
	};

	const commits = new GroupCommit(store, log, {
		stored(e, seq) {
			stats.stored++;
			const doc = e.doc;
			doc.content.push({ seq, data: e.update }, e.info);
			doc.noteStored(e.update);
			ackLater(e.conn, e.info.to);
			broadcast(doc, encodeUpdate(e.update), e.conn);
			afterStored(doc);
		},
		failed(conns) {
			for (const c of conns) kick(c, CLOSE.internal);
		}
	});

	/** Connections owed a MESSAGE_STORED, and the timer that sends them. */
	const owed = new Set<Conn>();
	let cancelAcks: (() => void) | null = null;

	function ackLater(conn: Conn, to: StateVector) {
		const acked = (conn.acked ??= new Map());
		for (const [client, clock] of to) if ((acked.get(client) ?? 0) < clock) acked.set(client, clock);
		owed.add(conn);
		cancelAcks ??= later(guarded('ack', sendAcks), ACK_DELAY_MS);
	}

	function sendAcks() {
		cancelAcks?.();
		cancelAcks = null;
		for (const conn of owed) {
			if (conn.acked) send(conn, encodeStored(encodeStateVector(conn.acked)));
			conn.acked = null;
		}
		owed.clear();
	}

	function closeSoon(ws: WebSocket, code: number) {
		ws.close(code);
		const cancel = later(() => ws.terminate(), CLOSE_GRACE_MS);
		ws.once('close', cancel);
	}

	function refuse(ws: WebSocket, code: number) {
		stats.refused++;
		closeSoon(ws, code);
	}

	function kick(conn: Conn, code: number) {
		if (conn.closed) return;
		stats.kicked++;
		detach(conn);
		closeSoon(conn.ws, code);
	}

	function load(name: string, kind: DocKind): LoadedDoc {
		let doc = docs.get(name);
		if (!doc) {
			doc = new LoadedDoc(name, kind, store.load(name), limits);
			docs.set(name, doc);
		}
		doc.cancelUnload?.();
		doc.cancelUnload = null;
		return doc;
	}

	/** Unloads `doc` a while after now unless someone connects (a document nobody has open). */
	function unloadLater(doc: LoadedDoc) {
		doc.cancelUnload?.();
		doc.cancelUnload = later(
			guarded('unload', () => unload(doc)),
			opts.unloadMs
		);
	}

	function accept(ws: WebSocket, hs: Handshake, name: string | null) {
		ws.on('error', (err) => log.debug({ err: err.message }, 'sync.socket_error'));
		try {
			admit(ws, hs, name);
		} catch (err) {
			log.error({ err: (err as Error).message, doc: name }, 'sync.accept_failed');
			closeSoon(ws, CLOSE.internal);
		}
	}

	function admit(ws: WebSocket, hs: Handshake, name: string | null) {
		if (!hs.ok) return refuse(ws, 'close' in hs ? hs.close : CLOSE.forbidden);
		if (!name || !parseDocName(name)) return refuse(ws, CLOSE.notFound);
		const access = auth.open(hs.principal, name);
		if (!access) return refuse(ws, CLOSE.forbidden);
		let doc: LoadedDoc;
		try {
			doc = load(name, access.kind);
		} catch (err) {
			log.error({ err: (err as Error).message, doc: name }, 'sync.load_failed');
			return refuse(ws, CLOSE.internal);
		}
		const p = hs.principal;
		const identity = { id: p.userId, name: p.name, color: colorFor(p.userId) };
		const conn: Conn = {
			ws,
			doc,
			principal: p,
			canWrite: access.canWrite,
			peer: newPresencePeer(p.userId, identity, limits, Date.now()),
			fresh: true,
			alive: true,
			closed: false
		};
		doc.conns.add(conn);
		const mine = byUser.get(p.userId) ?? new Set();
		byUser.set(p.userId, mine.add(conn));
		stats.connections++;
		ws.on('message', (data: Buffer, isBinary: boolean) => onMessage(conn, data, isBinary));
		ws.on('close', () => detach(conn));
		ws.on('pong', () => (conn.alive = true));
		schedulePresence(doc);
	}

	function onMessage(conn: Conn, data: Buffer, isBinary: boolean) {
		if (conn.closed) return;
		stats.framesIn++;
		conn.alive = true;
		if (!isBinary) return kick(conn, CLOSE.unsupported);
		try {
			handle(conn, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
		} catch (err) {
			if (!(err instanceof FrameError)) log.warn({ err: (err as Error).message, doc: conn.doc.name }, 'sync.bad_frame');
			kick(conn, err instanceof FrameError ? err.code : CLOSE.invalidData);
		}
	}

	function handle(conn: Conn, frame: Uint8Array) {
		const msg = parseFrame(frame);
		const doc = conn.doc;
		switch (msg.type) {
			case 'step1': {
				const reply = doc.content.reply(msg.stateVector);
				if (reply.update) send(conn, encodeUpdate(reply.update));
				send(conn, encodeStep2(reply.step2));
				// Ask for the client's state in return (its offline edits, deletions included), unless
				// it may not write, or holds nothing at all: an empty state vector means an empty
				// document, with nothing to send. Saves two frames per fresh client.
				if (conn.canWrite && !isEmptyStateVector(msg.stateVector)) send(conn, encodeStep1(doc.content.stateVector()));
				return;
			}
			case 'step2':
			case 'update':
				return receiveUpdate(conn, msg.update);
			case 'awareness': {
				const entries = readAwareness(msg.update, limits.maxStateBytes, MAX_AWARENESS_ENTRIES, (id, clock, json) =>
					doc.presence.accepts(conn.peer, id, clock, json)
				);
				const before = doc.presence.stats.dropped;
				if (doc.presence.receive(conn.peer, entries, Date.now())) schedulePresence(doc);
				stats.presenceDropped += doc.presence.stats.dropped - before;
				return;
			}
			case 'queryAwareness':
				conn.fresh = true;
				return schedulePresence(doc);
			case 'auth':
				return; // server-to-client only; ignored
		}
	}

	function receiveUpdate(conn: Conn, update: Uint8Array) {
		if (!conn.canWrite) return void stats.readOnlyDropped++;
		let info: UpdateInfo;
		try {
			info = scanUpdate(update);
		} catch {
			throw new FrameError(CLOSE.invalidData, 'malformed update');
		}
		if (info.structs === 0 && !info.deletes) return; // e.g. the empty step 2 of a new client
		if (conn.doc.content.holdsAll(info)) return ackLater(conn, info.to);
		commits.enqueue(conn.doc, conn, update.slice(), info, authored(conn.doc.kind, conn.principal.userId));
	}

	/** Runs a timer callback; an exception is logged, never thrown into the event loop. */
	const guarded = (what: string, fn: () => void) => () => {
		try {
			fn();
		} catch (err) {
			log.error({ err: (err as Error).message }, `sync.${what}_failed`);
		}
	};

	function schedulePresence(doc: LoadedDoc) {
		const now = Date.now();
		const delay = nextPresenceFlush(doc.presenceTiming(), doc.cancelPresence ? doc.presenceSince : null, now);
		if (delay === null) return; // the running timer fires by the cap
		if (doc.cancelPresence) doc.cancelPresence();
		else doc.presenceSince = now;
		doc.cancelPresence = later(
			guarded('presence', () => flushPresence(doc)),
			delay
		);
	}

	function flushPresence(doc: LoadedDoc) {
		doc.cancelPresence = null;
		doc.presenceSince = null;
		const now = Date.now();
		const waiting = doc.presence.applyDeferred(
			[...doc.conns].map((c) => c.peer),
			now
		);
		const { frame, soleOwner } = doc.presence.takeChanges();
		// each message framed once for all who get it (see broadcast.ts)
		let full: Uint8Array | null | undefined;
		let fullFrame: Buffer | null = null;
		let changeFrame: Buffer | null = null;
		for (const conn of doc.conns) {
			if (conn.fresh) {
				conn.fresh = false;
				full ??= doc.presence.fullFrame();
				if (full && writable(conn)) sendFramed(conn.ws, (fullFrame ??= frameOf(full)), full);
			} else if (frame && conn.peer !== soleOwner && writable(conn)) sendFramed(conn.ws, (changeFrame ??= frameOf(frame)), frame);
		}
		if (waiting) {
			doc.presenceSince = now;
			doc.cancelPresence = later(
				guarded('presence', () => flushPresence(doc)),
				Math.max(doc.presenceTiming().quiet, Math.ceil(1000 / limits.ratePerSecond))
			);
		}
	}

	function afterStored(doc: LoadedDoc) {
		const projection = opts.projections?.[doc.kind];
		if (projection && doc.projects === null) doc.projects = projection.applies?.(doc.name) ?? true;
		if (projection && doc.projects && !doc.cancelProjection) doc.cancelProjection = later(() => runProjection(doc), projection.delayMs);
		compactWhenDue(doc);
	}

	/** Queues a compaction once the log is past a threshold (one at a time per document). */
	function compactWhenDue(doc: LoadedDoc) {
		if (doc.compactionQueued || doc.compacting) return;
		if (doc.content.tailRows < compactRows && doc.content.tailSize < compactBytes) return;
		doc.compactionQueued = true;
		later(() => doc.compactionQueued && compact(doc), 0);
	}

	function runProjection(doc: LoadedDoc) {
		doc.cancelProjection = null;
		const projection = opts.projections?.[doc.kind];
		if (!projection) return;
		try {
			projection.run(doc.name, doc.projectionState());
		} catch (err) {
			log.error({ err: (err as Error).message, doc: doc.name }, 'sync.projection_failed');
		}
	}

	/**
	 * Merges the document's log into its snapshot, off the event loop when the store can. A
	 * failure leaves the log as it is: nothing is lost, the next threshold tries again.
	 */
	function compact(doc: LoadedDoc) {
		doc.compactionQueued = false;
		const failed = (err: Error) => log.error({ err: err.message, doc: doc.name }, 'sync.compaction_failed');
		if (store.compactAsync) {
			doc.compacting = true;
			return store.compactAsync(doc.name, (err, snap) => {
				doc.compacting = false;
				if (err) return failed(err);
				if (docs.get(doc.name) !== doc) return; // unloaded meanwhile; the snapshot is stored either way
				if (snap) doc.content.replaceSnapshot(snap);
				compactWhenDue(doc); // the log may have grown past the threshold again meanwhile
			});
		}
		try {
			const snap = store.compact(doc.name);
			if (snap) doc.content.replaceSnapshot(snap);
		} catch (err) {
			failed(err as Error);
		}
	}

	function detach(conn: Conn) {
		if (conn.closed) return;
		conn.closed = true;
		stats.connections--;
		const doc = conn.doc;
		doc.conns.delete(conn);
		byUser.get(conn.principal.userId)?.delete(conn);
		if (byUser.get(conn.principal.userId)?.size === 0) byUser.delete(conn.principal.userId);
		if (doc.presence.leave(conn.peer)) schedulePresence(doc);
		if (doc.conns.size === 0 && !closing) unloadLater(doc);
	}

	/** Drops a document from memory once nobody is connected; everything in it is already stored. */
	function unload(doc: LoadedDoc) {
		doc.cancelUnload = null;
		if (doc.conns.size > 0 || docs.get(doc.name) !== doc) return;
		commits.flush();
		if (doc.cancelProjection) {
			doc.cancelProjection();
			runProjection(doc);
		}
		if (doc.content.tailRows >= UNLOAD_COMPACT_ROWS && !doc.compacting) compact(doc);
		doc.dispose();
		docs.delete(doc.name);
	}

	function heartbeat() {
		for (const doc of docs.values())
			for (const conn of doc.conns) {
				if (!conn.alive) {
					detach(conn);
					conn.ws.terminate();
					continue;
				}
				conn.alive = false;
				conn.ws.ping();
			}
	}
	const heartbeatTimer = setInterval(guarded('heartbeat', heartbeat), opts.heartbeatMs ?? 30_000);
	heartbeatTimer.unref();

	return {
		handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
			if (closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
			const hs = auth.handshake(req);
			if (!hs.ok && 'reject' in hs) {
				stats.refused++;
				return refuseUpgrade(socket, 403, 'Forbidden');
			}
			const name = docNameFromUrl(req.url);
			wss.handleUpgrade(req, socket, head, (ws) => accept(ws, hs, name));
		},

		/** Role change, account disabled or signed out: check that person's sockets again. */
		memberChanged(e: { userId: string; reason: string }): void {
			for (const conn of [...(byUser.get(e.userId) ?? [])]) {
				const fresh = auth.recheck(conn.principal);
				if (!fresh) {
					kick(conn, e.reason === 'disabled' ? CLOSE.forbidden : CLOSE.unauthenticated);
					continue;
				}
				const access = auth.open(fresh, conn.doc.name);
				if (!access) kick(conn, CLOSE.forbidden);
				else if (access.canWrite !== conn.canWrite) kick(conn, CLOSE.accessChanged);
				else conn.principal = fresh;
			}
		},

		/**
		 * The rule of document `name` changed (a survey left draft, its questionnaire is frozen):
		 * check its sockets again; one whose write access changed reconnects with the new answer.
		 */
		docChanged(name: string): void {
			const doc = docs.get(name);
			if (!doc) return;
			for (const conn of [...doc.conns]) {
				const access = auth.open(conn.principal, name);
				if (!access) kick(conn, CLOSE.forbidden);
				else if (access.canWrite !== conn.canWrite) kick(conn, CLOSE.accessChanged);
			}
		},

		/** Stores what is queued now and sends the answers owed (tests, shutdown). */
		flush(): void {
			commits.flush();
			sendAcks();
		},

		/** Rebuilds the projection of `name` from its stored content; false if it has none. */
		rebuildProjection(name: string): boolean {
			const kind = parseDocName(name)?.kind;
			const projection = kind && opts.projections?.[kind];
			if (!projection) return false;
			commits.flush();
			const loaded = docs.get(name);
			const ydoc = loaded ? loaded.projectionState() : new Y.Doc();
			const stored = loaded ? null : new DocContent(store.load(name));
			if (stored) Y.applyUpdate(ydoc, stored.full());
			projection.run(name, ydoc);
			if (!loaded) ydoc.destroy();
			return true;
		},

		/**
		 * A change made by the server itself (a field progress log, restoring a plan version):
		 * applied to the document, stored, then relayed to everyone connected, exactly like a
		 * client's update. `fn` runs inside one transaction; returns false when it changed nothing.
		 * `author` is recorded in the edit history of kinds that keep one (null: the server itself).
		 */
		change(name: string, fn: (doc: Y.Doc) => void, author: string | null = null): boolean {
			const kind = parseDocName(name)?.kind;
			if (!kind) return false;
			commits.flush();
			// A document nobody has open is loaded and kept a while (unloadMs): a field worker logging
			// progress on several actions of one plan pays for rebuilding it once, not every time.
			const doc = load(name, kind);
			try {
				const ydoc = doc.projectionState();
				const parts: Uint8Array[] = [];
				const collect = (u: Uint8Array) => void parts.push(u);
				ydoc.on('update', collect);
				try {
					ydoc.transact(() => fn(ydoc), SERVER_ORIGIN);
				} finally {
					ydoc.off('update', collect);
				}
				const update = parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
				const info = parts.length ? scanUpdate(update) : null;
				if (!info || (info.structs === 0 && !info.deletes)) return false;
				const seq = store.append(name, update, authored(kind, author));
				stats.stored++;
				doc.content.push({ seq, data: update }, info);
				doc.noteStored(update);
				broadcast(doc, encodeUpdate(update));
				afterStored(doc);
				if (doc.compactionQueued) compact(doc); // now: the caller may make many changes in a row
				if (doc.conns.size === 0 && doc.cancelProjection) {
					// nobody is editing: the rows are brought up to date now, for the caller to read next
					doc.cancelProjection();
					runProjection(doc);
				}
				return true;
			} finally {
				if (doc.conns.size === 0) unloadLater(doc);
			}
		},

		/** The edit history of `name` without the update bytes, oldest first (everything queued is stored first). */
		historyIndex(name: string): HistoryIndexEntry[] {
			commits.flush();
			return store.historyIndex(name);
		},

		/** The recorded edits of `name` with `fromId <= id <= toId`, bytes included, oldest first. */
		historyRange(name: string, fromId: number, toId: number): HistoryEntry[] {
			commits.flush();
			return store.historyRange(name, fromId, toId);
		},

		/** The stored content of `name` as one update (everything queued is stored first). */
		state(name: string): Uint8Array {
			commits.flush();
			const loaded = docs.get(name);
			return loaded ? loaded.content.full() : new DocContent(store.load(name)).full();
		},

		stats(): SyncStats {
			const ms = (micros: number) => Math.round(micros) / 1000;
			const summary = (h: typeof commits.commitMicros) =>
				h.count ? { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) } : undefined;
			return {
				...stats,
				docsLoaded: docs.size,
				commits: commits.commits,
				commitMs: summary(commits.commitMicros),
				storedMs: summary(commits.storedMicros)
			};
		},

		/** The commit and stored latencies start over (`stats` then covers what follows: a benchmark's measured phase). */
		resetLatencies(): void {
			commits.commitMicros.reset();
			commits.storedMicros.reset();
		},

		loadedDocs(): string[] {
			return [...docs.keys()];
		},

		/** SIGTERM: store what is queued, close every socket with 1012, then the store. */
		async close(): Promise<void> {
			if (closing) return;
			closing = true;
			clearInterval(heartbeatTimer);
			commits.flush();
			sendAcks(); // the clients learn what was stored before their sockets close
			const closed: Promise<void>[] = [];
			for (const doc of docs.values()) {
				if (doc.cancelProjection) {
					doc.cancelProjection();
					runProjection(doc);
				}
				for (const conn of [...doc.conns]) {
					const ws = conn.ws;
					closed.push(new Promise((ok) => ws.once('close', () => ok())));
					detach(conn);
					closeSoon(ws, CLOSE.restart);
				}
				doc.dispose();
			}
			docs.clear();
			await Promise.race([Promise.all(closed), new Promise((ok) => later(() => ok(undefined), 2_000))]);
			await store.close();
		}
	};
}

export type SyncServer = ReturnType<typeof createSyncServer>;

export { docNameFromUrl, refuseUpgrade };

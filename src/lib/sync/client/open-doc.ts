/**
 * Opens a shared document, local first: the Y.Doc is loaded from IndexedDB (y-dexie) BEFORE the
 * socket connects, so the page works offline and shows this device's changes at once. Then a stock
 * y-websocket provider connects to `/sync/<name>`; two message handlers are added:
 *  - sync (0) is wrapped to read the server's sync step 1 state vector (our starting belief of
 *    what is stored) and the updates it sends (stored before they are relayed);
 *  - MESSAGE_STORED (7) reads the acknowledgement's state vector.
 * See stored-tracker.ts for the unsynced count. Close codes 4401/4403/4404 stop reconnecting (the
 * provider's default for 44xx) and show as `connection.error`.
 *
 * One live instance per document per page. When the last user lets go while changes are still
 * unsynced, the connection lingers (without presence) until the server has stored them.
 */
import { DexieYProvider } from 'y-dexie';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { MESSAGE_STORED, MESSAGE_SYNC, SYNC_PATH } from '../protocol';
import { localDb, type DocRow, type LocalDb } from './local-store';
import { reportPending } from './pending';
import { StoredTracker } from './stored-tracker';
import { SyncConnection } from './sync-connection.svelte';

export interface OpenedDoc {
	doc: Y.Doc;
	connection: SyncConnection;
	/** The document had content on this device before connecting. */
	hadLocalData: boolean;
	destroy(): void;
}

interface Entry {
	doc: Y.Doc;
	connection: SyncConnection;
	tracker: StoredTracker;
	provider: WebsocketProvider;
	hadLocalData: boolean;
	/** one more user of this document (cancels lingering) */
	retain(): void;
	/** one user fewer; the last one leaves it lingering until everything is stored */
	release(): void;
	persist(): Promise<void>;
	/** closes everything now; `keepState: false` when the local store is about to be deleted */
	teardown(keepState?: boolean): void;
}

const live = new Map<string, Promise<Entry>>();
const key = (userId: string, name: string) => `${userId}\u0000${name}`;

export function syncUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
	return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${SYNC_PATH}`;
}

async function loadLocal(db: LocalDb, name: string): Promise<Y.Doc> {
	if (!(await db.docs.get(name))) await db.docs.add({ name } as DocRow).catch(() => {}); // another tab may win the race
	const row = await db.docs.get(name);
	if (!row) throw new Error('The local copy could not be created.');
	await DexieYProvider.load(row.content).whenLoaded;
	return row.content;
}

function wireHandlers(provider: WebsocketProvider, tracker: StoredTracker): void {
	const sync = provider.messageHandlers[MESSAGE_SYNC];
	if (!sync) throw new Error('y-websocket has no sync handler');
	provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, type) => {
		try {
			const peek = decoding.clone(decoder);
			const step = decoding.readVarUint(peek);
			const payload = decoding.readVarUint8Array(peek);
			// Step 1 before the original handler writes our step 2 (which carries all our changes).
			if (step === syncProtocol.messageYjsSyncStep1) tracker.serverStateVector(payload);
			else tracker.serverUpdate(payload);
		} catch {
			/* malformed: the original handler reports it */
		}
		sync(encoder, decoder, p, emitSynced, type);
	};
	provider.messageHandlers[MESSAGE_STORED] = (_encoder, decoder) => {
		try {
			tracker.ack(decoding.readVarUint8Array(decoder));
		} catch {
			/* a malformed acknowledgement only delays the count */
		}
	};
}

async function create(name: string, userId: string, serverUrl: string): Promise<Entry> {
	const db = localDb(userId);
	const doc = await loadLocal(db, name);
	const hadLocalData = doc.store.clients.size > 0;
	const saved = await db.syncState.get(name);
	const connection = new SyncConnection(userId);
	let provider: WebsocketProvider | null = null;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let lingering: (() => void) | null = null;

	const persist = async () => {
		if (timer) clearTimeout(timer);
		timer = null;
		const title = doc.getMap('meta').get('title');
		await db.syncState
			.put({
				name,
				...tracker.snapshot(),
				unsynced: tracker.unsynced,
				title: typeof title === 'string' ? title : undefined,
				updatedAt: Date.now()
			})
			.catch(() => {}); // the database is being deleted (sign-out)
	};
	const tracker = new StoredTracker(doc, {
		initial: saved,
		isConnected: () => provider?.wsconnected === true,
		onChange: (n) => {
			connection.setUnsynced(n);
			reportPending(`doc:${name}`, n);
			timer ??= setTimeout(() => void persist(), 250);
			if (n === 0) lingering?.();
		}
	});
	provider = new WebsocketProvider(serverUrl, name, doc, { connect: false, disableBc: true, maxBackoffTime: 10_000 });
	provider.awareness.setLocalStateField('editing', null);
	wireHandlers(provider, tracker);
	provider.on('connection-close', () => tracker.disconnected());
	connection.attach(provider);
	connection.setUnsynced(tracker.unsynced);
	reportPending(`doc:${name}`, tracker.unsynced);
	if (navigator.onLine) provider.connect();
	// Leaving or reloading the page: write the sync state now, not after the throttle.
	const onHide = () => void persist();
	window.addEventListener('pagehide', onHide);

	let refs = 0;
	const entry: Entry = {
		doc,
		connection,
		tracker,
		provider,
		hadLocalData,
		persist,
		retain() {
			lingering = null;
			if (refs++ === 0 && provider?.awareness.getLocalState() === null) provider.awareness.setLocalState({ editing: null });
		},
		release() {
			if (--refs > 0) return;
			provider?.awareness.setLocalState(null); // gone for the others
			if (tracker.unsynced === 0 || connection.error) entry.teardown();
			else lingering = () => entry.teardown();
		},
		teardown(keepState = true) {
			lingering = null;
			window.removeEventListener('pagehide', onHide);
			live.delete(key(userId, name));
			if (timer) clearTimeout(timer);
			timer = null;
			if (keepState) void persist();
			tracker.destroy();
			connection.detach();
			provider?.destroy();
			DexieYProvider.release(doc);
		}
	};
	return entry;
}

/** Opens `name` for `userId` (loads from IndexedDB first, then connects). */
export async function openDoc(name: string, opts: { userId: string; serverUrl?: string }): Promise<OpenedDoc> {
	const k = key(opts.userId, name);
	let p = live.get(k);
	if (!p) {
		p = create(name, opts.userId, opts.serverUrl ?? syncUrl());
		live.set(k, p);
		p.catch(() => live.delete(k));
	}
	const entry = await p;
	entry.retain();
	let released = false;
	return {
		doc: entry.doc,
		connection: entry.connection,
		hadLocalData: entry.hadLocalData,
		destroy() {
			if (released) return;
			released = true;
			entry.release();
		}
	};
}

/**
 * Opens, in the background, every document of `userId` with changes not yet stored (left by an
 * earlier visit), so they reach the server without the person reopening each one.
 */
export async function resumePending(userId: string): Promise<void> {
	const rows = await localDb(userId)
		.syncState.filter((r) => r.unsynced > 0)
		.toArray();
	for (const r of rows) {
		const handle = await openDoc(r.name, { userId }).catch(() => null);
		handle?.destroy(); // lingers until stored
	}
}

/** Saves every open document's sync state now (before counting what a sign-out would lose). */
export async function persistAll(): Promise<void> {
	await Promise.all([...live.values()].map((p) => p.then((e) => e.persist()).catch(() => {})));
}

/** Closes every open document at once (before wiping the local store). */
export async function closeAll(): Promise<void> {
	const entries = await Promise.all([...live.values()].map((p) => p.catch(() => null)));
	for (const e of entries) e?.teardown(false);
}

/**
 * What the UI shows about one open document's connection: status, changes not yet stored,
 * people present (from awareness) and a terminal error. The fields are updated from provider and
 * awareness events (no $effect); `attach` wires them, `detach` undoes it.
 */
import type { WebsocketProvider } from 'y-websocket';
import { CLOSE } from '../protocol';
import { peersFrom, type Peer } from './peers';
import { syncStatus, type SyncStatus } from './sync-status';

export type { Peer };

/** forbidden: no access (4403); signed-out: session ended (4401); not-found: no such document. */
export type SyncError = 'forbidden' | 'signed-out' | 'not-found';

const ERRORS: Record<number, SyncError> = {
	[CLOSE.unauthenticated]: 'signed-out',
	[CLOSE.forbidden]: 'forbidden',
	[CLOSE.notFound]: 'not-found'
};

export class SyncConnection {
	status = $state<SyncStatus>('offline');
	unsynced = $state(0);
	peers = $state<Peer[]>([]);
	error = $state<SyncError | null>(null);
	/** Called when the server says this person's role changed (close 4001; the provider reconnects). */
	onAccessChanged: (() => void) | null = null;
	readonly #selfUserId: string;
	#provider: WebsocketProvider | null = null;
	#off: (() => void)[] = [];

	constructor(selfUserId: string) {
		this.#selfUserId = selfUserId;
	}

	attach(provider: WebsocketProvider): void {
		this.#provider = provider;
		const refresh = () => this.#refresh();
		const onClosed = (e: { code: number }) => {
			this.error = ERRORS[e.code] ?? this.error;
			refresh();
		};
		const onClose = (e: CloseEvent | null) => {
			if (e?.code === CLOSE.accessChanged) this.onAccessChanged?.();
		};
		const onPeers = () => this.#refreshPeers();
		const onOnline = () => {
			if (!this.error) provider.connect();
			refresh();
		};
		// The browser knows before a dead socket times out; reconnect attempts while offline only waste battery.
		const onOffline = () => {
			provider.disconnect();
			refresh();
		};
		provider.on('status', refresh);
		provider.on('sync', refresh);
		provider.on('closed', onClosed);
		provider.on('connection-close', onClose);
		provider.awareness.on('change', onPeers);
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOffline);
		this.#off = [
			() => provider.off('status', refresh),
			() => provider.off('sync', refresh),
			() => provider.off('closed', onClosed),
			() => provider.off('connection-close', onClose),
			() => provider.awareness.off('change', onPeers),
			() => window.removeEventListener('online', onOnline),
			() => window.removeEventListener('offline', onOffline)
		];
		this.#refresh();
	}

	setUnsynced(n: number): void {
		this.unsynced = n;
		this.#refresh();
	}

	/** Tells the others which item this person is editing (null: none). */
	setEditing(itemId: string | null): void {
		const a = this.#provider?.awareness;
		if (a && a.getLocalState() !== null && a.getLocalState()?.editing !== itemId) a.setLocalStateField('editing', itemId);
	}

	/** Tries again after a refusal (e.g. after signing in again in another tab). */
	reconnect(): void {
		this.error = null;
		if (navigator.onLine) this.#provider?.connect();
		this.#refresh();
	}

	detach(): void {
		for (const off of this.#off) off();
		this.#off = [];
		this.#provider = null;
		this.status = 'offline';
		this.peers = [];
	}

	#refresh(): void {
		const p = this.#provider;
		if (!p) return;
		this.status = syncStatus({
			online: navigator.onLine,
			shouldConnect: p.shouldConnect && !this.error,
			wsconnected: p.wsconnected,
			wsconnecting: p.wsconnecting,
			synced: p.synced,
			unsynced: this.unsynced
		});
		if (!p.wsconnected) this.peers = [];
	}

	#refreshPeers(): void {
		const p = this.#provider;
		if (p) this.peers = peersFrom(p.awareness.getStates(), p.doc.clientID, this.#selfUserId);
	}
}

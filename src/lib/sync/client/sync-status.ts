/** The one-word connection state shown to people, from the provider's flags. Pure. */
export type SyncStatus = 'offline' | 'connecting' | 'syncing' | 'synced';

export interface ProviderFlags {
	/** the browser reports a network */
	online: boolean;
	/** the provider wants to be connected (false after disconnect() or a refusal) */
	shouldConnect: boolean;
	wsconnected: boolean;
	wsconnecting: boolean;
	/** the initial exchange (sync step 1 / 2) has completed on this connection */
	synced: boolean;
	unsynced: number;
}

export function syncStatus(f: ProviderFlags): SyncStatus {
	if (!f.online || !f.shouldConnect) return 'offline';
	if (!f.wsconnected) return f.wsconnecting ? 'connecting' : 'offline';
	if (!f.synced || f.unsynced > 0) return 'syncing';
	return 'synced';
}

/** What the status line says about changes kept on this device. */
export function unsyncedMessage(unsynced: number): string {
	if (unsynced === 0) return 'All changes saved';
	return `${unsynced} ${unsynced === 1 ? 'change' : 'changes'} not yet saved — ${unsynced === 1 ? 'it is' : 'they are'} kept on this device`;
}

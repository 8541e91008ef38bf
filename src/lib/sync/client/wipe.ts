/**
 * Sign-out on a shared or lost phone: nothing of the account stays on the device. Before wiping,
 * the shell asks `pendingOnDevice` and warns when changes would be lost.
 */
import { offlineReadyKey } from '$lib/client/offline-plan';
import { localAccount } from './local-account.svelte';
import { clearMarker, dbName, forgetDb, localDb } from './local-store';
import { closeAll, persistAll } from './open-doc';

/** Changes on this device the server has not confirmed: outbox items (failed included) + document changes. */
export async function pendingOnDevice(userId: string): Promise<number> {
	if (typeof indexedDB === 'undefined') return 0;
	await persistAll();
	const db = localDb(userId);
	const [outbox, states] = await Promise.all([db.outbox.count(), db.syncState.toArray()]);
	return outbox + states.reduce((n, s) => n + Math.max(0, s.unsynced), 0);
}

/**
 * Deletes the account's local database (documents, outbox, sync state), the cached pages of the
 * signed-in app, and the "had local data" marker. Resolves even if the browser is slow to delete
 * (another tab holding the database open): the caller signs out regardless after `timeoutMs`.
 */
export async function wipeAccount(userId: string, timeoutMs = 5_000): Promise<boolean> {
	if (typeof indexedDB === 'undefined') return true;
	if (localAccount.userId === userId) localAccount.stop();
	await closeAll();
	const db = localDb(userId);
	forgetDb(userId);
	clearMarker(userId);
	try {
		localStorage.removeItem(offlineReadyKey(userId)); // the shell keeps the field pages again on next sign-in
	} catch {
		/* storage disabled */
	}
	const work = Promise.all([
		db.delete().catch(() => indexedDB.deleteDatabase(dbName(userId))),
		typeof caches !== 'undefined'
			? Promise.all(['pages', 'page-data'].map((c) => caches.delete(c).catch(() => false)))
			: Promise.resolve(true)
	]).then(() => true);
	const timeout = new Promise<boolean>((ok) => setTimeout(() => ok(false), timeoutMs));
	return Promise.race([work, timeout]);
}

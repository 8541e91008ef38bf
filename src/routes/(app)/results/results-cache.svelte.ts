/**
 * The last results seen on this device, in the account's IndexedDB (`meta` table, keys
 * `results:list` and `results:<surveyId>`), so the phone view shows offline even when the page
 * itself came from an older cache. Deleted with the rest of the account's local data on sign-out
 * (wipe.ts deletes the whole database and the cached pages).
 */
import { localDb } from '$lib/sync/client/local-store';

export interface Cached<T> {
	/** When the server computed it (ISO). */
	at: string;
	value: T;
}

export const listKey = 'results:list';
export const surveyKey = (id: string) => `results:${id}`;

export async function saveCached<T>(userId: string, key: string, entry: Cached<T>): Promise<void> {
	await localDb(userId)
		.meta.put({ key, value: $state.snapshot(entry) })
		.catch(() => {}); // storage full or disabled: the page still works online
}

export async function loadCached<T>(userId: string, key: string): Promise<Cached<T> | null> {
	const row = await localDb(userId)
		.meta.get(key)
		.catch(() => undefined);
	return (row?.value as Cached<T> | undefined) ?? null;
}

/**
 * Keeps the server-rendered page itself in the service worker's page cache, so that reopening it
 * with no network works even when it was reached by an in-app link (which only caches its data).
 */
export async function keepPageOffline(url: string): Promise<void> {
	if (typeof caches === 'undefined' || !navigator.serviceWorker?.controller) return;
	try {
		const cache = await caches.open('pages');
		const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
		if (res.ok && res.headers.get('content-type')?.startsWith('text/html')) await cache.put(url, res);
	} catch {
		// offline or storage refused: the Dexie copy still serves a cached page
	}
}

/** Offline, the copy kept on this device wins when it is newer than the (cached) page's data. */
export function pick<T>(online: boolean, page: Cached<T>, kept: Cached<T> | null): Cached<T> {
	return !online && kept && kept.at > page.at ? kept : page;
}

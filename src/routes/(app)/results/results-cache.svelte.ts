/**
 * The last results seen on this device, in the account's IndexedDB (`meta` table, keys
 * `results:list` and `results:<surveyId>`), so the phone view shows offline even when the page
 * itself came from an older cache. Deleted with the rest of the account's local data on sign-out
 * (wipe.ts deletes the whole database and the cached pages).
 */
import { keepOnDevice, keepPages, keptOnDevice } from '$lib/client/device-copy.svelte';

export interface Cached<T> {
	/** When the server computed it (ISO). */
	at: string;
	value: T;
}

export const listKey = 'results:list';
export const surveyKey = (id: string) => `results:${id}`;

export const saveCached = <T>(userId: string, key: string, entry: Cached<T>): Promise<void> => keepOnDevice(userId, key, entry);

export const loadCached = <T>(userId: string, key: string): Promise<Cached<T> | null> => keptOnDevice<Cached<T>>(userId, key);

/**
 * Keeps the server-rendered page itself in the service worker's page cache, so that reopening it
 * with no network works even when it was reached by an in-app link (which only caches its data).
 */
export const keepPageOffline = (url: string): Promise<void> => keepPages([url]);

/** Offline, the copy kept on this device wins when it is newer than the (cached) page's data. */
export function pick<T>(online: boolean, page: Cached<T>, kept: Cached<T> | null): Cached<T> {
	return !online && kept && kept.at > page.at ? kept : page;
}

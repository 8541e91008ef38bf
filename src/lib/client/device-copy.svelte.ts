/**
 * What a page keeps on this device for use with no signal, in one place:
 *  - values in the account's IndexedDB (`meta` table), e.g. the My actions list or the last
 *    results seen, deleted with the rest of the account's local data on sign-out;
 *  - server-rendered pages in the service worker's page cache (`pages`, the runtime cache of
 *    navigations in vite.config.ts), so an offline navigation or reload finds them even when the
 *    page was reached by an in-app link (which caches only its data). `wipe.ts` deletes it too.
 */
import { localDb } from '$lib/sync/client/local-store';

/** The service worker's cache of navigations (vite.config.ts `runtimeCaching`, cacheName). */
export const PAGES_CACHE = 'pages';

export async function keepOnDevice(userId: string, key: string, value: unknown): Promise<void> {
	await localDb(userId)
		.meta.put({ key, value: $state.snapshot(value) })
		.catch(() => {}); // storage full or disabled: the page still works online
}

export async function keptOnDevice<T>(userId: string, key: string): Promise<T | null> {
	const row = await localDb(userId)
		.meta.get(key)
		.catch(() => undefined);
	return (row?.value as T | undefined) ?? null;
}

/**
 * Fetches each page and keeps it in the page cache. A redirect (the session ended) or an error
 * page is not kept; a failure (offline, storage refused) leaves the cache as it was.
 */
export async function keepPages(paths: readonly string[]): Promise<void> {
	// Cache storage is shared with the service worker by name, whether or not it controls this page yet.
	if (typeof caches === 'undefined' || !('serviceWorker' in navigator)) return;
	try {
		const cache = await caches.open(PAGES_CACHE);
		for (const path of paths) {
			const page = await fetch(path, { credentials: 'same-origin', headers: { accept: 'text/html' } }).catch(() => null);
			if (!page?.ok || page.redirected || !page.headers.get('content-type')?.includes('text/html')) continue;
			await cache.put(path, page); // a relative path resolves against this origin, as the worker stores it
		}
	} catch {
		// storage refused: the IndexedDB copies still serve the pages that have one
	}
}

/**
 * Makes the field pages work with no signal on a device that never visited them: after sign-in,
 * and whenever the signed-in shell loads online (at most every 10 minutes), keeps
 *  - the list of my actions in this account's IndexedDB (`my-actions-cache`),
 *  - the pages `/my/actions`, the soonest actions' pages and the plans of my actions in the
 *    service worker's `pages` cache (the runtime cache of navigations in vite.config.ts, deleted
 *    with the rest on sign-out by `wipe.ts`), so an offline navigation finds them,
 *  - the plans' documents in this device's store (those never opened here), so the plan editor
 *    opens them offline.
 * Loaded with a dynamic import by the shell: none of this weighs on a page's first load.
 */
import { keepPages } from './device-copy.svelte';
import { saveList, type CachedAction } from './my-actions-cache.svelte';
import { offlinePlan, offlineReadyKey, warmDue } from './offline-plan';

const DOC_SYNC_TIMEOUT_MS = 60_000;

/** When this device last finished keeping the field pages for `userId` (ISO), or null. */
export function offlineReadyAt(userId: string): string | null {
	try {
		return localStorage.getItem(offlineReadyKey(userId));
	} catch {
		return null;
	}
}

let running: Promise<boolean> | null = null;

/** Refreshes the offline copy if due (or `force`); resolves true when it was completed. */
export function warmOffline(userId: string, force = false): Promise<boolean> {
	if (typeof window === 'undefined' || !navigator.onLine) return Promise.resolve(false);
	if (!warmDue(offlineReadyAt(userId), Date.now(), force)) return Promise.resolve(false);
	running ??= run(userId)
		.catch(() => false)
		.finally(() => (running = null));
	return running;
}

async function run(userId: string): Promise<boolean> {
	const res = await fetch('/api/v1/my/actions', { credentials: 'same-origin' });
	if (!res.ok) return false;
	const body = (await res.json()) as { actions: CachedAction[]; generatedAt: string };
	await saveList(userId, { at: body.generatedAt, actions: body.actions });
	const plan = offlinePlan(body.actions);

	await keepPages(plan.pages);

	const { openDoc } = await import('$lib/sync/client/open-doc');
	const { localDb } = await import('$lib/sync/client/local-store');
	const db = localDb(userId);
	for (const name of plan.docs) {
		if (await db.syncState.get(name)) continue; // opened here before: it syncs whenever it is opened
		const handle = await openDoc(name, { userId });
		try {
			await until(() => handle.connection.status === 'synced' || !!handle.connection.error, DOC_SYNC_TIMEOUT_MS);
		} finally {
			handle.destroy();
		}
	}
	// Ready only once the service worker is installed (its precache holds the app's code).
	if (!('serviceWorker' in navigator)) return false;
	const installed = await Promise.race([
		navigator.serviceWorker.ready.then(() => true),
		new Promise<boolean>((ok) => setTimeout(() => ok(false), DOC_SYNC_TIMEOUT_MS))
	]);
	if (!installed) return false;
	try {
		localStorage.setItem(offlineReadyKey(userId), new Date().toISOString());
	} catch {
		/* private mode: warm again next time */
	}
	return true;
}

function until(ok: () => boolean, timeoutMs: number): Promise<void> {
	return new Promise((resolve) => {
		const started = Date.now();
		const check = () => (ok() || Date.now() - started > timeoutMs ? resolve() : setTimeout(check, 200));
		check();
	});
}

/**
 * What a field worker needs on the phone to work with no signal, decided from their list of
 * actions (pure: the shell's `offline-warm.ts` does the fetching and storing).
 */

/** At most this many action pages are kept (the soonest due: the list is sorted by due date). */
export const MAX_ACTION_PAGES = 25;
/** The shell refreshes the offline copy at most this often while the app stays online. */
export const WARM_INTERVAL_MS = 10 * 60_000;

/** The localStorage key of when this device last finished keeping the field pages for `userId`. */
export const offlineReadyKey = (userId: string) => `civicloop:offline-ready:${userId}`;

export interface WarmableAction {
	id: string;
	cycleId: string | null;
	planDoc: string;
}

export interface OfflinePlan {
	/** pages to keep in the service worker's page cache (same-origin paths) */
	pages: string[];
	/** plan documents to keep in this device's store, in order of first use */
	docs: string[];
}

export function offlinePlan(actions: readonly WarmableAction[], maxActionPages = MAX_ACTION_PAGES): OfflinePlan {
	const pages = ['/my/actions'];
	const plans = new Set<string>();
	const docs = new Set<string>();
	actions.forEach((a, i) => {
		if (i < maxActionPages) pages.push(`/my/actions/${encodeURIComponent(a.id)}`);
		if (a.cycleId) plans.add(`/cycles/${encodeURIComponent(a.cycleId)}/plan`);
		docs.add(a.planDoc);
	});
	return { pages: [...pages, ...plans], docs: [...docs] };
}

/** Whether to refresh now: never done, done before `interval` ago, or asked for (just signed in). */
export function warmDue(lastIso: string | null, now: number, force = false, interval = WARM_INTERVAL_MS): boolean {
	if (force || !lastIso) return true;
	const last = Date.parse(lastIso);
	return !Number.isFinite(last) || now - last >= interval || now < last;
}

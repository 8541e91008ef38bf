/**
 * The last "My actions" list kept on this device, in the account's IndexedDB (`meta` table), so
 * it shows offline even when the page itself came from an older cache; deleted with the rest of
 * the account's local data on sign-out.
 */
import type { AssignedActionView } from '$lib/server/plans/presenter';
import { localDb } from '$lib/sync/client/local-store';

const KEY = 'my-actions';

export interface CachedList {
	at: string;
	actions: AssignedActionView[];
}

export async function saveList(userId: string, list: CachedList): Promise<void> {
	await localDb(userId)
		.meta.put({ key: KEY, value: $state.snapshot(list) })
		.catch(() => {}); // storage full or disabled: the page still works online
}

export async function loadList(userId: string): Promise<CachedList | null> {
	const row = await localDb(userId)
		.meta.get(KEY)
		.catch(() => undefined);
	return (row?.value as CachedList | undefined) ?? null;
}

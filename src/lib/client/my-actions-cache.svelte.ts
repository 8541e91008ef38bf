/**
 * The last "My actions" list kept on this device, in the account's IndexedDB (`meta` table), so
 * it shows offline even when the page itself came from an older cache; deleted with the rest of
 * the account's local data on sign-out.
 */
import type { AssignedActionView } from '$lib/domain/plan/assigned';
import { keepOnDevice, keptOnDevice } from './device-copy.svelte';

const KEY = 'my-actions';

/** One action as the API lists it. */
export type CachedAction = AssignedActionView;

export interface CachedList {
	at: string;
	actions: CachedAction[];
}

export const saveList = (userId: string, list: CachedList): Promise<void> => keepOnDevice(userId, KEY, list);

export const loadList = (userId: string): Promise<CachedList | null> => keptOnDevice<CachedList>(userId, KEY);

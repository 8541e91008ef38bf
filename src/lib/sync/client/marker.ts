/**
 * "This account has data on this device": a localStorage marker, readable without opening
 * IndexedDB. The shell uses it to open the local store (Dexie, ~60 KiB) only when there is
 * something to resume, keeping it off the first load of a fresh device.
 */
export const markerKey = (userId: string) => `civicloop.localData.${userId}`;

export function hasLocalData(userId: string): boolean {
	try {
		return typeof localStorage !== 'undefined' && localStorage.getItem(markerKey(userId)) != null;
	} catch {
		return false;
	}
}

/**
 * This device's copy of one account's work: a Dexie (IndexedDB) database `civicloop-<userId>`.
 *
 *   docs       name → a Y.Doc (y-dexie keeps its updates in `$docs.content_updates`)
 *   syncState  name → what the server is believed to have stored (see stored-tracker.ts), the last
 *              unsynced count (for the sign-out warning on pages that do not open the doc), title
 *   outbox     queued non-Yjs writes (outbox.ts)
 *   meta       key → value; `sentinel` is written when the account first uses this device
 *
 * Eviction: browsers may delete IndexedDB (Safari after 7 days unused, any browser under storage
 * pressure). A marker in localStorage says "this account had local data here"; if the marker is
 * there and the sentinel is not, the store was wiped behind our back and the UI says so.
 */
import { Dexie, type EntityTable } from 'dexie';
import yDexie from 'y-dexie';
import type * as Y from 'yjs';
import type { TrackerSnapshot } from './stored-tracker';
import { markerKey } from './marker';

export interface DocRow {
	name: string;
	content: Y.Doc;
}

export interface SyncStateRow extends TrackerSnapshot {
	name: string;
	unsynced: number;
	title?: string;
	updatedAt: number;
}

export interface OutboxRow {
	id: string;
	url: string;
	method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** the JSON body, serialized once at enqueue time (frozen) */
	body: string;
	/**
	 * Files sent beside the body (field photos, already resized on the device). When present the
	 * item goes out as multipart/form-data: the JSON body in `payload`, each file under its field.
	 */
	files?: OutboxFile[];
	createdAt: number;
	/** What may change after enqueue: the attempt counters and the outcome. */
	status: 'pending' | 'failed';
	attempts: number;
	nextAttemptAt: number;
	lastError: string | null;
}

export interface OutboxFile {
	field: string;
	name: string;
	blob: Blob;
}

export interface MetaRow {
	key: string;
	value: unknown;
}

export type LocalDb = Dexie & {
	docs: EntityTable<DocRow, 'name'>;
	syncState: EntityTable<SyncStateRow, 'name'>;
	outbox: EntityTable<OutboxRow, 'id'>;
	meta: EntityTable<MetaRow, 'key'>;
};

export const dbName = (userId: string) => `civicloop-${userId}`;

const open = new Map<string, LocalDb>();

/** The (lazily opened) database of `userId`; one instance per account per page. */
export function localDb(userId: string): LocalDb {
	let db = open.get(userId);
	if (!db) {
		db = new Dexie(dbName(userId), { addons: [yDexie] }) as LocalDb;
		db.version(1).stores({
			docs: 'name, content: Y.Doc',
			syncState: 'name',
			outbox: 'id, createdAt',
			meta: 'key'
		});
		open.set(userId, db);
	}
	return db;
}

/** Forgets the instance (after deleting the database). */
export function forgetDb(userId: string): void {
	open.delete(userId);
}

export type SentinelCheck = 'fresh' | 'ok' | 'evicted';

/**
 * Checks the sentinel and writes it when missing. 'evicted' means this browser deleted the data we
 * had stored here: tell the person (changes not yet sent from this device are gone).
 */
export async function checkSentinel(
	db: LocalDb,
	userId: string,
	storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeLocalStorage()
): Promise<SentinelCheck> {
	const sentinel = await db.meta.get('sentinel');
	if (sentinel) {
		storage?.setItem(markerKey(userId), String(sentinel.value));
		return 'ok';
	}
	const hadData = storage?.getItem(markerKey(userId)) != null;
	const stamp = new Date().toISOString();
	await db.meta.put({ key: 'sentinel', value: stamp });
	storage?.setItem(markerKey(userId), stamp);
	return hadData ? 'evicted' : 'fresh';
}

/** Forgets the "had data" marker (after a deliberate wipe, so it is not reported as eviction). */
export function clearMarker(userId: string): void {
	safeLocalStorage()?.removeItem(markerKey(userId));
}

function safeLocalStorage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage disabled by the browser's privacy settings
	}
}

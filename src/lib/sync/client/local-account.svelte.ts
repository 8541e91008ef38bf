/**
 * The signed-in account's local store, as the UI sees it: the outbox (pending and failed writes),
 * and whether the browser wiped this device's data behind our back. Start once per page with the
 * user id (the shell does); the outbox then flushes on `online`, on a timer and after each enqueue.
 */
import { liveQuery, type Subscription } from 'dexie';
import { checkSentinel, localDb, type LocalDb, type OutboxRow } from './local-store';
import { resumePending } from './open-doc';
import { discardItem, enqueue, flush, nextDue, retryItem, type EnqueueInput } from './outbox';
import { reportPending } from './pending';

const TICK_MS = 15_000;

class LocalAccount {
	userId = $state<string | null>(null);
	/** The browser deleted data this account had stored on this device. */
	evicted = $state(false);
	/** Queued writes not yet delivered (failed ones excluded: they wait for the person). */
	pendingCount = $state(0);
	failed = $state<OutboxRow[]>([]);
	/** Every queued write, as stored (Blobs included: not made deeply reactive). */
	rows = $state.raw<readonly OutboxRow[]>([]);
	/** IndexedDB unusable (private mode, disk full): nothing can be kept offline. */
	storageError = $state<string | null>(null);
	#db: LocalDb | null = null;
	#sub: Subscription | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	#starting: Promise<void> | null = null;

	/** Opens the account's store, checks the sentinel and starts the outbox. Idempotent. */
	start(userId: string): Promise<void> {
		if (typeof window === 'undefined') return Promise.resolve();
		if (this.userId === userId && this.#starting) return this.#starting;
		this.stop();
		this.userId = userId;
		this.#starting = this.#start(userId);
		return this.#starting;
	}

	async #start(userId: string): Promise<void> {
		const db = localDb(userId);
		this.#db = db;
		try {
			this.evicted = (await checkSentinel(db, userId)) === 'evicted';
		} catch (e) {
			this.storageError = e instanceof Error ? e.message : String(e);
			return;
		}
		this.#sub = liveQuery(() => db.outbox.toArray()).subscribe({
			next: (rows) => {
				this.rows = rows;
				this.pendingCount = rows.filter((r) => r.status === 'pending').length;
				this.failed = rows.filter((r) => r.status === 'failed');
				reportPending('outbox', this.pendingCount);
			},
			error: (e: unknown) => (this.storageError = e instanceof Error ? e.message : String(e))
		});
		window.addEventListener('online', this.#onOnline);
		// Documents edited offline on an earlier visit sync without being reopened.
		void resumePending(userId).catch(() => {});
		this.#timer = setInterval(() => void this.#tick(), TICK_MS);
		void this.flush();
	}

	get db(): LocalDb | null {
		return this.#db;
	}

	/** Queues a write (frozen from now on) and tries to send it at once. */
	async enqueue(input: EnqueueInput): Promise<Readonly<OutboxRow>> {
		if (!this.#db) throw new Error('The local store is not open.');
		const row = await enqueue(this.#db, input);
		void this.flush();
		return row;
	}

	async flush(): Promise<void> {
		if (!this.#db || (typeof navigator !== 'undefined' && !navigator.onLine)) return;
		try {
			await flush(this.#db);
		} catch (e) {
			this.storageError = e instanceof Error ? e.message : String(e);
		}
	}

	async retry(id: string): Promise<void> {
		if (!this.#db) return;
		await retryItem(this.#db, id);
		void this.flush();
	}

	async discard(id: string): Promise<void> {
		if (this.#db) await discardItem(this.#db, id);
	}

	/** Stops timers and listeners (before a wipe, or when another account signs in). */
	stop(): void {
		this.#sub?.unsubscribe();
		this.#sub = null;
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		if (typeof window !== 'undefined') window.removeEventListener('online', this.#onOnline);
		this.#db = null;
		this.#starting = null;
		this.userId = null;
		this.pendingCount = 0;
		this.failed = [];
		this.rows = [];
		reportPending('outbox', 0);
	}

	#onOnline = () => void this.flush();

	async #tick(): Promise<void> {
		if (!this.#db) return;
		const due = await nextDue(this.#db).catch(() => null);
		if (due !== null && due <= Date.now()) await this.flush();
	}
}

export const localAccount = new LocalAccount();

/**
 * The outbox: writes that are not Yjs documents (field progress logs, survey responses) queued on
 * this device and replayed in order with an `Idempotency-Key`, so that a lost reply or a retry
 * never stores a write twice (the server keys on it).
 *
 * Rules: an item is frozen once queued (only its attempt counters and outcome change); it is
 * deleted only after a 2xx; a refused write (4xx other than 401/408/429) is marked `failed` with
 * the server's message and kept for the person to see, retry or discard.
 */
import { backoffDelay, classifyStatus, retryAfterMs } from './backoff';
import type { LocalDb, OutboxFile, OutboxRow } from './local-store';

export interface EnqueueInput {
	url: string;
	method?: OutboxRow['method'];
	body: unknown;
	/** made on the device; defaults to a fresh UUID */
	id?: string;
	/** sent as multipart/form-data beside the body (Blobs are stored in IndexedDB as they are) */
	files?: OutboxFile[];
}

export interface FlushDeps {
	fetch: typeof fetch;
	now: () => number;
	random: () => number;
}

export interface FlushResult {
	delivered: number;
	failed: number;
	/** an item is waiting for a retry (and holds back the ones after it, to keep order) */
	waiting: boolean;
}

const defaultDeps = (): FlushDeps => ({ fetch: (...a) => fetch(...a), now: Date.now, random: Math.random });

/** Queues a write. Returns the frozen item. */
export async function enqueue(db: LocalDb, input: EnqueueInput, now = Date.now()): Promise<Readonly<OutboxRow>> {
	const row: OutboxRow = {
		id: input.id ?? crypto.randomUUID(),
		url: input.url,
		method: input.method ?? 'POST',
		body: JSON.stringify(input.body ?? null),
		createdAt: now,
		status: 'pending',
		attempts: 0,
		nextAttemptAt: now,
		lastError: null
	};
	if (input.files?.length) row.files = input.files.map((f) => ({ field: f.field, name: f.name, blob: f.blob }));
	await db.outbox.add(row);
	return Object.freeze(row);
}

async function serverMessage(res: Response): Promise<string> {
	try {
		const text = await res.text();
		try {
			const j = JSON.parse(text) as { error?: { message?: unknown }; message?: unknown };
			const m = j.error?.message ?? j.message;
			if (typeof m === 'string' && m) return m;
		} catch {
			/* not JSON */
		}
		return text.trim().slice(0, 300) || `The server answered ${res.status}.`;
	} catch {
		return `The server answered ${res.status}.`;
	}
}

/** JSON, or multipart with the JSON in `payload` when the item carries files. */
function requestBody(row: OutboxRow): { headers: Record<string, string>; body: BodyInit } {
	if (!row.files?.length) return { headers: { 'content-type': 'application/json', 'idempotency-key': row.id }, body: row.body };
	const form = new FormData();
	form.set('payload', row.body);
	for (const f of row.files) form.append(f.field, f.blob, f.name);
	return { headers: { 'idempotency-key': row.id }, body: form };
}

/** Sends one item; returns what to do with it. Never throws. */
async function send(
	row: OutboxRow,
	deps: FlushDeps
): Promise<{ outcome: 'delivered' | 'retry' | 'failed'; message: string | null; retryAfter: number | null }> {
	try {
		const res = await deps.fetch(row.url, { method: row.method, ...requestBody(row), credentials: 'same-origin' });
		const outcome = classifyStatus(res.status);
		const message = outcome === 'delivered' ? null : await serverMessage(res);
		return { outcome, message, retryAfter: retryAfterMs(res.headers.get('retry-after'), deps.now()) };
	} catch {
		return { outcome: 'retry', message: 'No connection to the server.', retryAfter: null };
	}
}

async function flushOnce(db: LocalDb, deps: FlushDeps): Promise<FlushResult> {
	const result: FlushResult = { delivered: 0, failed: 0, waiting: false };
	const rows = await db.outbox.orderBy('createdAt').toArray();
	for (const row of rows) {
		if (row.status === 'failed') continue;
		if (row.nextAttemptAt > deps.now()) {
			result.waiting = true;
			break;
		}
		const r = await send(row, deps);
		if (r.outcome === 'delivered') {
			await db.outbox.delete(row.id);
			result.delivered++;
		} else if (r.outcome === 'failed') {
			await db.outbox.update(row.id, { status: 'failed', attempts: row.attempts + 1, lastError: r.message });
			result.failed++;
		} else {
			const attempts = row.attempts + 1;
			const delay = Math.max(backoffDelay(attempts, deps.random), r.retryAfter ?? 0);
			await db.outbox.update(row.id, { attempts, nextAttemptAt: deps.now() + delay, lastError: r.message });
			result.waiting = true;
			break; // keep order: later items wait for this one
		}
	}
	return result;
}

const running = new WeakMap<LocalDb, Promise<FlushResult>>();

/**
 * Sends due items in order. One flush at a time per page, and per browser when the Web Locks API
 * exists (two tabs would otherwise post the same item at once; the key makes that harmless, but
 * pointless).
 */
export function flush(db: LocalDb, deps: FlushDeps = defaultDeps()): Promise<FlushResult> {
	const current = running.get(db);
	if (current) return current;
	const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
	const p = (locks ? locks.request(`${db.name}:outbox`, () => flushOnce(db, deps)) : flushOnce(db, deps)).finally(() => running.delete(db));
	running.set(db, p);
	return p;
}

/** The person asks to try a failed item again (after fixing what the message said). */
export async function retryItem(db: LocalDb, id: string, now = Date.now()): Promise<void> {
	await db.outbox.update(id, { status: 'pending', nextAttemptAt: now });
}

/** The person discards a failed item, knowingly. */
export async function discardItem(db: LocalDb, id: string): Promise<void> {
	await db.outbox.delete(id);
}

/** When the earliest waiting item is due (for the timer), or null. */
export async function nextDue(db: LocalDb): Promise<number | null> {
	let min: number | null = null;
	await db.outbox.each((r) => {
		if (r.status === 'pending' && (min === null || r.nextAttemptAt < min)) min = r.nextAttemptAt;
	});
	return min;
}

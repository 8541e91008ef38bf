/** Retry policy for the outbox: pure, so the schedule and the status classes are unit-tested. */

export interface BackoffPolicy {
	baseMs: number;
	maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 };

/**
 * Delay before retry number `attempt` (1 = first retry): exponential, capped, with "equal jitter"
 * (half fixed, half random) so that many phones coming back online do not retry in step.
 * `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
	const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(exp / 2 + (exp / 2) * random());
}

/** `Retry-After` (seconds or an HTTP date) in milliseconds from `now`; null when absent or bad. */
export function retryAfterMs(header: string | null, now: number): number | null {
	if (!header) return null;
	const secs = Number(header);
	if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
	const at = Date.parse(header);
	return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export type Outcome = 'delivered' | 'retry' | 'failed';

/**
 * What an HTTP status means for a queued write:
 * - 2xx delivered (an identical replay returns the original result, so a 2xx after a lost reply is fine);
 * - 408, 429, 5xx: try again later;
 * - 401: the session ended; keep the item and retry after the person signs in again;
 * - any other 4xx (400, 403, 404, 409 same key with a different payload, 413, 422 …): failed.
 *   A failed item is kept and shown with the server's message; it is never dropped silently.
 */
export function classifyStatus(status: number): Outcome {
	if (status >= 200 && status < 300) return 'delivered';
	if (status === 401 || status === 408 || status === 429 || status >= 500) return 'retry';
	return 'failed';
}

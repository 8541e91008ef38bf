/**
 * Fixed-window counters in memory (one process). The interface is small so that a Redis-backed
 * limiter can replace it when the app runs as several processes.
 */
export interface RateLimiter {
	/** Counts one hit for `key`; returns seconds to wait when over the limit, else 0. */
	hit(key: string, now?: number): number;
	reset(key: string): void;
}

export function createRateLimiter(opts: { points: number; windowMs: number; maxKeys?: number }): RateLimiter {
	const windows = new Map<string, { start: number; count: number }>();
	const maxKeys = opts.maxKeys ?? 100_000;
	return {
		hit(key, now = Date.now()) {
			let w = windows.get(key);
			if (!w || now - w.start >= opts.windowMs) {
				if (!w && windows.size >= maxKeys) {
					// Evict expired windows; if still full, the oldest one.
					for (const [k, v] of windows) if (now - v.start >= opts.windowMs) windows.delete(k);
					if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
				}
				w = { start: now, count: 0 };
				windows.set(key, w);
			}
			w.count++;
			if (w.count <= opts.points) return 0;
			return Math.max(1, Math.ceil((w.start + opts.windowMs - now) / 1000));
		},
		reset(key) {
			windows.delete(key);
		}
	};
}

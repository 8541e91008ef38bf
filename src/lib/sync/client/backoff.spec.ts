import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyStatus, retryAfterMs } from './backoff';

describe('backoffDelay', () => {
	const policy = { baseMs: 1000, maxMs: 60_000 };

	it('doubles per attempt between half and all of the exponential step', () => {
		expect([1, 2, 3, 4].map((a) => backoffDelay(a, () => 0, policy))).toEqual([500, 1000, 2000, 4000]);
		expect([1, 2, 3, 4].map((a) => backoffDelay(a, () => 0.999999, policy))).toEqual([1000, 2000, 4000, 8000]);
	});

	it('is capped', () => {
		expect(backoffDelay(30, () => 0.999999, policy)).toBe(60_000);
		expect(backoffDelay(30, () => 0, policy)).toBe(30_000);
	});

	it('spreads retries (jitter)', () => {
		let seed = 42;
		const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5, rnd, policy)));
		expect(delays.size).toBeGreaterThan(40);
		for (const d of delays) {
			expect(d).toBeGreaterThanOrEqual(8000);
			expect(d).toBeLessThanOrEqual(16000);
		}
	});
});

describe('retryAfterMs', () => {
	it('reads seconds and HTTP dates', () => {
		expect(retryAfterMs('30', 0)).toBe(30_000);
		expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
		expect(retryAfterMs(null, 0)).toBeNull();
		expect(retryAfterMs('soon', 0)).toBeNull();
	});
});

describe('classifyStatus', () => {
	it('delivers on 2xx only', () => {
		expect(classifyStatus(200)).toBe('delivered');
		expect(classifyStatus(201)).toBe('delivered');
		expect(classifyStatus(204)).toBe('delivered');
	});

	it('retries transient failures', () => {
		for (const s of [401, 408, 429, 500, 502, 503]) expect(classifyStatus(s)).toBe('retry');
	});

	it('fails (and keeps) refused writes', () => {
		for (const s of [400, 403, 404, 409, 413, 422]) expect(classifyStatus(s)).toBe('failed');
	});
});

import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit';

describe('createRateLimiter', () => {
	it('allows the configured points per window, then says how long to wait', () => {
		const rl = createRateLimiter({ points: 3, windowMs: 60_000 });
		expect([rl.hit('k', 0), rl.hit('k', 1), rl.hit('k', 2)]).toEqual([0, 0, 0]);
		expect(rl.hit('k', 30_000)).toBe(30);
		expect(rl.hit('k', 60_000)).toBe(0);
	});

	it('keeps keys apart and forgets a key on reset', () => {
		const rl = createRateLimiter({ points: 1, windowMs: 1000 });
		rl.hit('a', 0);
		expect(rl.hit('a', 1)).toBeGreaterThan(0);
		expect(rl.hit('b', 1)).toBe(0);
		rl.reset('a');
		expect(rl.hit('a', 2)).toBe(0);
	});

	it('stays bounded in memory', () => {
		const rl = createRateLimiter({ points: 1, windowMs: 1000, maxKeys: 10 });
		for (let i = 0; i < 1000; i++) rl.hit(`k${i}`, i);
		expect(rl.hit('k999', 999)).toBeGreaterThan(0);
	});
});

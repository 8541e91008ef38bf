import { describe, expect, it } from 'vitest';
import { accumulateHistogram } from './histogram';

describe('accumulateHistogram', () => {
	it('builds weighted and unweighted histograms with a slow path for other values', () => {
		const y = Float32Array.from([2.5, -1, 300, 2.5, 7, 7, Number.NaN]);
		const h = accumulateHistogram(y, Float64Array.from([1, 1, 1, 1, 2, 0, 9]));
		expect(h.n).toBe(6);
		expect(h.sumW).toBe(6);
		expect(h.sumW2).toBe(8);
		expect(h.weights[7]).toBe(2);
		expect(h.counts[7]).toBe(2);
		expect(Object.fromEntries(h.other)).toEqual({ '2.5': 2, '-1': 1, '300': 1 });
	});

	it('skips the missing code 255 of Uint8Array columns only', () => {
		const w = Float64Array.from([1, 2, 3]);
		const u = accumulateHistogram(Uint8Array.from([255, 3, 3]), w);
		expect(u.n).toBe(2);
		expect(u.weights[3]).toBe(5);
		expect(u.counts[255]).toBe(0);
		const f = accumulateHistogram(Float64Array.from([255, 3, 3]), w);
		expect(f.n).toBe(3);
		expect(f.counts[255]).toBe(1);
	});
});

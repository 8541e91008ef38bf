import { describe, expect, it } from 'vitest';
import { accumulateHistogram } from './accumulate';
import { nps, npsFromHistogram } from './nps';

describe('nps', () => {
	it('matches a hand computation with weights', () => {
		// Answered: 10, 9, 8, 7, 6, 0 with weights 1, 1, 2, 1, 1, 2 (Σw = 8, Σw² = 12, n = 6).
		// P = 2/8 = 0.25, D = (1 + 2)/8 = 0.375 → NPS = −12.5 points.
		// Var(s) = P + D − (P − D)² = 0.625 − 0.015625 = 0.609375; deff = 6·12/64 = 1.125.
		const y = Float64Array.from([10, 9, 8, 7, 6, 0, Number.NaN]);
		const w = Float64Array.from([1, 1, 2, 1, 1, 2, 5]);
		const r = nps(y, w);
		expect(r.n).toBe(6);
		expect(r.promoters).toBeCloseTo(0.25, 12);
		expect(r.detractors).toBeCloseTo(0.375, 12);
		expect(r.nps).toBeCloseTo(-12.5, 10);
		expect(r.deff).toBeCloseTo(1.125, 12);
		expect(r.se).toBeCloseTo(100 * Math.sqrt((1.125 * 0.609375) / 6), 10);
		expect(r.moe).toBeCloseTo(1.96 * r.se, 10);
		expect(nps(y, w, { populationSize: 11 }).moe).toBeCloseTo(r.moe * Math.sqrt(5 / 10), 10);
		expect(nps(Uint8Array.from([10, 9, 8, 7, 6, 0, 255]), w).nps).toBeCloseTo(-12.5, 10);
	});

	it('is 0 with a symmetric promoter/detractor split and ±100 at the extremes', () => {
		expect(nps(Float64Array.from([10, 0, 8, 7]), new Float64Array(4).fill(1)).nps).toBe(0);
		const all = nps(Float64Array.from([9, 10, 10]), new Float64Array(3).fill(1));
		expect(all.nps).toBe(100);
		expect(all.se).toBe(0);
		expect(nps(Float64Array.from([0, 3, 6]), new Float64Array(3).fill(1)).nps).toBe(-100);
	});

	it('rejects answers off the 0–10 scale and empty questions', () => {
		const ones = new Float64Array(2).fill(1);
		expect(() => nps(Float64Array.from([5, 11]), ones)).toThrow('answer 11 is not on the 0–10 NPS scale');
		expect(() => nps(Float64Array.from([5, 6.5]), ones)).toThrow(/6\.5/);
		expect(() => nps(Float64Array.from([-1, 5]), ones)).toThrow(/-1/);
		// A zero-weight answer off the scale is still reported.
		expect(() => nps(Float64Array.from([5, 12]), Float64Array.from([1, 0]))).toThrow(/answer 12/);
		expect(() => npsFromHistogram(accumulateHistogram(Float64Array.from([Number.NaN]), ones), {}, 'q9')).toThrow(
			'q9: no answers to compute an NPS'
		);
	});
});

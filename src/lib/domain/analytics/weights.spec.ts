import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deffFromSums, effectiveSampleSize, kishDeff, normalizeToMeanOne, uniformWeights, weightStats } from './weights';

describe('kishDeff', () => {
	it('is 1 for equal weights', () => {
		expect(kishDeff(uniformWeights(10))).toBe(1);
		expect(kishDeff([3, 3, 3])).toBe(1);
	});

	it('matches a hand computation', () => {
		// weights 2, 0.4, 0.8, 0.8: n·Σw²/(Σw)² = 4·5.44/16 = 1.36
		expect(kishDeff([2, 0.4, 0.8, 0.8])).toBeCloseTo(1.36, 12);
		expect(effectiveSampleSize([2, 0.4, 0.8, 0.8])).toBeCloseTo(4 / 1.36, 12);
	});

	it('is NaN without data', () => {
		expect(kishDeff([])).toBeNaN();
		expect(deffFromSums(3, 0, 0)).toBeNaN();
	});

	it('property: deff ≥ 1 and scale invariant', () => {
		fc.assert(
			fc.property(fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }), (w) => {
				const d = kishDeff(w);
				expect(d).toBeGreaterThanOrEqual(1 - 1e-12);
				expect(kishDeff(w.map((x) => x * 7))).toBeCloseTo(d, 9);
			})
		);
	});
});

describe('normalizeToMeanOne', () => {
	it('rescales to mean 1 in place', () => {
		const w = Float64Array.from([1, 2, 3, 6]);
		expect(normalizeToMeanOne(w)).toBe(w);
		expect(Array.from(w)).toEqual([1 / 3, 2 / 3, 1, 2]);
	});

	it('leaves all-zero weights alone', () => {
		expect(Array.from(normalizeToMeanOne(new Float64Array(2)))).toEqual([0, 0]);
	});
});

describe('weightStats', () => {
	it('gives the same summary for values with multiplicities and expanded weights', () => {
		const grouped = weightStats(Float64Array.from([0.5, 2, 9]), Float64Array.from([2, 1, 0]));
		const plain = weightStats(Float64Array.from([0.5, 0.5, 2]));
		expect(grouped).toEqual(plain);
		expect(plain.n).toBe(3);
		expect(plain.min).toBe(0.5);
		expect(plain.max).toBe(2);
		expect(plain.deff).toBeCloseTo(kishDeff([0.5, 0.5, 2]), 15);
	});
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	distribution,
	estimateQuestion,
	finitePopulationCorrection,
	marginOfError,
	percentPositive,
	proportionMoe,
	weightedMean
} from './estimates';

const NaN_ = Number.NaN;
// Hand case (see README): weights 2, 0.4, 0.8, 0.8; answers 5, 3, 4, missing.
const W = Float64Array.from([2, 0.4, 0.8, 0.8]);
const Y = Float64Array.from([5, 3, 4, NaN_]);

describe('estimateQuestion: hand-computed case', () => {
	const e = estimateQuestion(Y, W);

	it('uses only respondents who answered', () => {
		expect(e.n).toBe(3);
		expect(e.sumWeights).toBeCloseTo(3.2, 12);
		// deff_q = 3·(4 + 0.16 + 0.64)/3.2² = 14.4/10.24 = 1.40625
		expect(e.deff).toBeCloseTo(1.40625, 12);
		expect(e.effectiveN).toBeCloseTo(3 / 1.40625, 12);
	});

	it('computes the weighted mean, variance and their margin', () => {
		expect(e.mean).toBeCloseTo(14.4 / 3.2, 12); // 4.5
		// Σw(y−4.5)²/Σw = (0.5 + 0.9 + 0.2)/3.2 = 0.5
		expect(e.variance).toBeCloseTo(0.5, 12);
		expect(e.meanMoe).toBeCloseTo(1.96 * Math.sqrt((1.40625 * 0.5) / 3), 12);
	});

	it('computes percent positive (codes 4, 5) and its margin', () => {
		expect(e.percentPositive).toBeCloseTo(2.8 / 3.2, 12); // 0.875
		expect(e.percentPositiveMoe).toBeCloseTo(1.96 * Math.sqrt((1.40625 * 0.875 * 0.125) / 3), 12);
	});

	it('applies the finite-population correction sqrt((N−n)/(N−1))', () => {
		const f = estimateQuestion(Y, W, { populationSize: 10 });
		expect(f.percentPositiveMoe).toBeCloseTo((e.percentPositiveMoe as number) * Math.sqrt(7 / 9), 12);
		expect(f.meanMoe).toBeCloseTo((e.meanMoe as number) * Math.sqrt(7 / 9), 12);
	});

	it('gives identical results for Uint8Array storage (255 = missing)', () => {
		const u = estimateQuestion(Uint8Array.from([5, 3, 4, 255]), W);
		for (const key of ['n', 'mean', 'variance', 'deff', 'meanMoe', 'percentPositive', 'percentPositiveMoe'] as const) {
			expect(u[key]).toBeCloseTo(e[key] as number, 12);
		}
		expect(distribution(Uint8Array.from([5, 3, 4, 255]), W).map((x) => x.value)).toEqual([3, 4, 5]);
	});

	it('accepts configurable positive codes and a Float32 column', () => {
		const f = estimateQuestion(Float32Array.from(Y), W, { positiveCodes: [5] });
		expect(f.percentPositive).toBeCloseTo(2 / 3.2, 7);
	});
});

describe('estimateQuestion: edge and symmetric cases', () => {
	it('unweighted 1..5: mean 3, variance 2, 40% positive, deff 1', () => {
		const e = estimateQuestion(Float64Array.from([1, 2, 3, 4, 5]), new Float64Array(5).fill(1));
		expect(e.mean).toBe(3);
		expect(e.variance).toBeCloseTo(2, 12);
		expect(e.percentPositive).toBeCloseTo(0.4, 12);
		expect(e.deff).toBe(1);
		expect(e.percentPositiveMoe).toBeCloseTo(1.96 * Math.sqrt(0.24 / 5), 12);
	});

	it('symmetric distribution around 3 with symmetric weights has mean exactly 3', () => {
		const e = estimateQuestion(Float64Array.from([1, 5, 2, 4, 3]), Float64Array.from([0.5, 0.5, 2, 2, 1]));
		expect(e.mean).toBeCloseTo(3, 14);
	});

	it('returns nulls when nobody answered', () => {
		const e = estimateQuestion(Float64Array.from([NaN_, NaN_]), Float64Array.from([1, 1]));
		expect(e).toEqual({
			n: 0,
			sumWeights: 0,
			deff: null,
			effectiveN: null,
			mean: null,
			variance: null,
			meanMoe: null,
			percentPositive: null,
			percentPositiveMoe: null
		});
	});

	it('keeps full precision for large values (centered sums)', () => {
		const y = Float64Array.from([1e9 + 1, 1e9 + 2, 1e9 + 3]);
		const e = estimateQuestion(y, new Float64Array(3).fill(1));
		expect(e.variance).toBeCloseTo(2 / 3, 9);
	});
});

describe('single-purpose helpers', () => {
	it('weightedMean, percentPositive and distribution match the hand case', () => {
		expect(weightedMean(Y, W)).toBeCloseTo(4.5, 12);
		expect(percentPositive(Y, W)).toBeCloseTo(0.875, 12);
		expect(percentPositive(Y, W, [3])).toBeCloseTo(0.125, 12);
		const d = distribution(Y, W);
		expect(d.map((x) => x.value)).toEqual([3, 4, 5]);
		expect(d.map((x) => x.share)).toEqual([0.125, 0.25, 0.625].map((v) => expect.closeTo(v, 12)));
		expect(weightedMean(Float64Array.from([NaN_]), Float64Array.from([1]))).toBeNaN();
	});

	it('distribution lists non-integer values too', () => {
		const d = distribution(Float64Array.from([2.5, 1, 2.5, NaN_]), new Float64Array(4).fill(1));
		expect(d).toEqual([
			{ value: 1, share: 1 / 3 },
			{ value: 2.5, share: 2 / 3 }
		]);
	});

	it('margin helpers follow z·sqrt(deff·V/n)·fpc', () => {
		expect(proportionMoe(0.5, 100, 1)).toBeCloseTo(0.098, 12);
		expect(proportionMoe(0.5, 100, 2, { z: 2 })).toBeCloseTo(2 * Math.sqrt(0.005), 12);
		expect(marginOfError(4, 16, 1)).toBeCloseTo(0.98, 12);
		expect(marginOfError(4, 0, 1)).toBeNaN();
		expect(finitePopulationCorrection(10)).toBe(1);
		expect(finitePopulationCorrection(10, 10)).toBe(0);
		expect(() => finitePopulationCorrection(10, 5)).toThrow(/smaller than the sample size/);
	});
});

describe('estimateQuestion: properties', () => {
	const rowsArb = fc.array(
		fc.tuple(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(NaN_)), fc.double({ min: 0.05, max: 20, noNaN: true })),
		{ minLength: 1, maxLength: 80 }
	);

	it('invariant to row order and to a common rescaling of the weights', () => {
		fc.assert(
			fc.property(rowsArb, fc.double({ min: 0.1, max: 10, noNaN: true }), (rows, k) => {
				const y = Float64Array.from(rows.map((r) => r[0]));
				const w = Float64Array.from(rows.map((r) => r[1]));
				const rev = [...rows].reverse();
				const a = estimateQuestion(y, w);
				const b = estimateQuestion(Float64Array.from(rev.map((r) => r[0])), Float64Array.from(rev.map((r) => r[1] * k)));
				for (const key of ['mean', 'variance', 'percentPositive', 'deff', 'percentPositiveMoe', 'meanMoe'] as const) {
					const x = a[key];
					const z = b[key];
					if (x === null) expect(z).toBeNull();
					else expect(z).toBeCloseTo(x, 9);
				}
				if (a.deff !== null) expect(a.deff).toBeGreaterThanOrEqual(1 - 1e-12);
			})
		);
	});

	it('matches a naive two-pass computation', () => {
		fc.assert(
			fc.property(rowsArb, (rows) => {
				const ans = rows.filter((r) => !Number.isNaN(r[0]));
				const e = estimateQuestion(Float64Array.from(rows.map((r) => r[0])), Float64Array.from(rows.map((r) => r[1])));
				if (ans.length === 0) return;
				const sw = ans.reduce((s, r) => s + r[1], 0);
				const mean = ans.reduce((s, r) => s + r[0] * r[1], 0) / sw;
				const v = ans.reduce((s, r) => s + r[1] * (r[0] - mean) ** 2, 0) / sw;
				expect(e.mean).toBeCloseTo(mean, 9);
				expect(e.variance).toBeCloseTo(v, 9);
			})
		);
	});
});

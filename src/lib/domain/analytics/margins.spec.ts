import { describe, expect, it } from 'vitest';
import { checkBaseWeights, checkTargetsReachable, normalizeTargets, type RakingDimension } from './margins';

function dim(targets: number[]): RakingDimension {
	return { name: 'age', categories: ['18-34', '35-54', '55+'], codes: new Int8Array(0), targets };
}

describe('normalizeTargets', () => {
	it('accepts shares summing to 1 within 1e-6 and rescales them exactly', () => {
		const t = normalizeTargets(dim([0.34, 0.33, 0.3300005]));
		expect(t.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 15);
	});

	it('rejects shares not summing to 1, naming the dimension', () => {
		expect(() => normalizeTargets(dim([0.34, 0.33, 0.31]))).toThrow('"age" shares sum to 0.98, expected 1');
	});

	it('rejects negative or non-finite shares, naming the category', () => {
		expect(() => normalizeTargets(dim([0.5, 0.6, -0.1]))).toThrow('"age" category "55+" has an invalid share -0.1');
		expect(() => normalizeTargets(dim([0.5, Number.NaN, 0.5]))).toThrow(/category "35-54"/);
	});

	it('rejects a wrong number of shares', () => {
		expect(() => normalizeTargets(dim([0.5, 0.5]))).toThrow('"age" has 2 target shares for 3 categories');
	});
});

describe('checkTargetsReachable', () => {
	it('rejects a positive target on an empty category, naming dimension and category', () => {
		const d = dim([0.34, 0.33, 0.33]);
		expect(() => checkTargetsReachable(d, Float64Array.from([0.34, 0.33, 0.33]), Float64Array.from([3, 2, 0]))).toThrow(
			'"age" category "55+" has a target share of 0.33 but no respondents'
		);
	});

	it('accepts an empty category with a zero target', () => {
		const d = dim([0.5, 0.5, 0]);
		expect(() => checkTargetsReachable(d, Float64Array.from([0.5, 0.5, 0]), Float64Array.from([3, 2, 0]))).not.toThrow();
	});
});

describe('checkBaseWeights', () => {
	it('validates length, sign and total', () => {
		expect(() => checkBaseWeights(Float64Array.from([1, 2]), 2)).not.toThrow();
		expect(() => checkBaseWeights(Float64Array.from([1]), 2)).toThrow(/length 1, expected 2/);
		expect(() => checkBaseWeights(Float64Array.from([1, -1]), 2)).toThrow(/row 1/);
		expect(() => checkBaseWeights(Float64Array.from([1, Number.NaN]), 2)).toThrow(/row 1/);
		expect(() => checkBaseWeights(Float64Array.from([0, 0]), 2)).toThrow(/sum to 0/);
	});
});

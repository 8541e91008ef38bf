import { describe, expect, it } from 'vitest';
import { AnalyticsInputError } from './errors';
import { rake, type RakingDimension } from './raking';

/** Build a dimension from an array of codes. */
function dim(name: string, categories: string[], codes: number[], targets: number[]): RakingDimension {
	return { name, categories, codes: Int8Array.from(codes), targets };
}

/** Repeat each [a, b] pair `times` times. */
function cellsOf(spec: ReadonlyArray<readonly [number, number, number]>): { a: number[]; b: number[] } {
	const a: number[] = [];
	const b: number[] = [];
	for (const [ca, cb, times] of spec) {
		for (let i = 0; i < times; i++) {
			a.push(ca);
			b.push(cb);
		}
	}
	return { a, b };
}

function expectWeights(actual: Float64Array, expected: number[]): void {
	expect(actual.length).toBe(expected.length);
	expected.forEach((w, i) => expect(actual[i]).toBeCloseTo(w, 6));
}

describe('rake: closed-form cases', () => {
	it('2×2 with independent sample margins: weights are the product of the ratios', () => {
		// Sample: A shares 0.6/0.4, B shares 0.5/0.5, independent (counts 6,6,4,4).
		// Targets A 0.5/0.5, B 0.3/0.7 → w_ij = (tA_i/sA_i)(tB_j/sB_j):
		// w11 = (5/6)(3/5) = 0.5, w12 = (5/6)(7/5) = 7/6, w21 = (5/4)(3/5) = 0.75, w22 = (5/4)(7/5) = 1.75.
		const { a, b } = cellsOf([
			[0, 0, 6],
			[0, 1, 6],
			[1, 0, 4],
			[1, 1, 4]
		]);
		const r = rake(20, [dim('A', ['a1', 'a2'], a, [0.5, 0.5]), dim('B', ['b1', 'b2'], b, [0.3, 0.7])]);
		expect(r.converged).toBe(true);
		expect(r.iterations).toBe(1);
		expectWeights(r.weights.subarray(0, 1), [0.5]);
		expectWeights(r.weights.subarray(6, 7), [7 / 6]);
		expectWeights(r.weights.subarray(12, 13), [0.75]);
		expectWeights(r.weights.subarray(16, 17), [1.75]);
		expect(r.cells).toBe(4);
		// deff = n·Σw²/(Σw)² = 20·(6·0.25 + 6·49/36 + 4·0.5625 + 4·3.0625)/400
		const sumW2 = 6 * 0.25 + (6 * 49) / 36 + 4 * 0.5625 + 4 * 3.0625;
		expect(r.deff).toBeCloseTo((20 * sumW2) / 400, 10);
		expect(r.effectiveSampleSize).toBeCloseTo(400 / sumW2, 10);
		expect(r.minWeight).toBeCloseTo(0.5, 10);
		expect(r.maxWeight).toBeCloseTo(1.75, 10);
	});

	it('4 respondents with a structural zero: unique solution by hand', () => {
		// Respondents (A,B): (1,1), (1,2), (2,2), (2,2); targets A 0.6/0.4, B 0.5/0.5, total 4.
		// A2: 2·w3 = 1.6 → w3 = w4 = 0.8; B1: w1 = 2; B2: w2 + 1.6 = 2 → w2 = 0.4; A1: 2 + 0.4 = 2.4 ✓.
		const r = rake(4, [dim('A', ['1', '2'], [0, 0, 1, 1], [0.6, 0.4]), dim('B', ['1', '2'], [0, 1, 1, 1], [0.5, 0.5])]);
		expect(r.converged).toBe(true);
		expectWeights(r.weights, [2, 0.4, 0.8, 0.8]);
		// deff = 4·(4 + 0.16 + 0.64 + 0.64)/16 = 1.36
		expect(r.deff).toBeCloseTo(1.36, 6);
		expect(r.effectiveSampleSize).toBeCloseTo(4 / 1.36, 6);
	});

	it('symmetric 2×2 case: closed form by symmetry', () => {
		// Counts (A1B1, A1B2, A2B1, A2B2) = (4, 1, 1, 1), targets 0.5/0.5 on both. The problem is symmetric
		// under swapping A and B, so w_ij = r_i·r_j; A1: 4r1² + r1r2 = 3.5 and A2: r1r2 + r2² = 3.5 give
		// r1/r2 = 1/2, r2² = 7/3 → w11 = 7/12, w12 = w21 = 7/6, w22 = 7/3.
		const { a, b } = cellsOf([
			[0, 0, 4],
			[0, 1, 1],
			[1, 0, 1],
			[1, 1, 1]
		]);
		const r = rake(7, [dim('A', ['1', '2'], a, [0.5, 0.5]), dim('B', ['1', '2'], b, [0.5, 0.5])]);
		expect(r.converged).toBe(true);
		expectWeights(r.weights, [7 / 12, 7 / 12, 7 / 12, 7 / 12, 7 / 6, 7 / 6, 7 / 3]);
	});

	it('already balanced sample converges in 1 iteration with all weights 1', () => {
		const { a, b } = cellsOf([
			[0, 0, 3],
			[0, 1, 3],
			[1, 0, 3],
			[1, 1, 3]
		]);
		const r = rake(12, [dim('A', ['1', '2'], a, [0.5, 0.5]), dim('B', ['1', '2'], b, [0.5, 0.5])]);
		expect(r.converged).toBe(true);
		expect(r.iterations).toBe(1);
		expectWeights(r.weights, new Array<number>(12).fill(1));
		expect(r.deff).toBeCloseTo(1, 12);
	});

	it('inconsistent margins (perfectly correlated sample) hit the cap and report converged=false', () => {
		// Only cells (1,1) and (2,2): A needs 0.5/0.5 but B needs 0.3/0.7 on the same two groups.
		const r = rake(4, [dim('A', ['1', '2'], [0, 0, 1, 1], [0.5, 0.5]), dim('B', ['1', '2'], [0, 0, 1, 1], [0.3, 0.7])], {
			maxIterations: 7
		});
		expect(r.converged).toBe(false);
		expect(r.iterations).toBe(7);
		expect(r.maxDifference).toBeCloseTo(0.2, 10);
	});

	it('no dimensions: weights stay 1 and converge trivially', () => {
		const r = rake(3, []);
		expect(r.converged).toBe(true);
		expect(r.iterations).toBe(0);
		expectWeights(r.weights, [1, 1, 1]);
	});
});

describe('rake: missing values', () => {
	it('leaves missing respondents unadjusted and targets shares among known', () => {
		// Known: A1 ×1, A2 ×2 (T = 3): factors 1.5/1 and 1.5/2; the missing respondent keeps 1.
		const r = rake(4, [dim('A', ['1', '2'], [0, 1, 1, -1], [0.5, 0.5])]);
		expectWeights(r.weights, [1.5, 0.75, 0.75, 1]);
		expect(r.missing).toEqual({ A: 1 });
		expect(r.converged).toBe(true);
	});

	it('respondents missing one dimension are still adjusted by the others', () => {
		// A is balanced among known (1 vs 1); B 0.25/0.75: B1 ×(1/2), B2 ×(3/2).
		const r = rake(4, [dim('A', ['1', '2'], [0, 1, -1, -1], [0.5, 0.5]), dim('B', ['1', '2'], [0, 0, 1, 1], [0.25, 0.75])]);
		expectWeights(r.weights, [0.5, 0.5, 1.5, 1.5]);
		expect(r.missing).toEqual({ A: 2, B: 0 });
		expect(r.iterations).toBe(1);
	});

	it('converges to shares among known on both dimensions', () => {
		const A = [0, 1, 1, -1, 0, 1, -1, 0];
		const B = [0, 0, 1, 1, -1, 1, 0, 1];
		const r = rake(8, [dim('A', ['1', '2'], A, [0.5, 0.5]), dim('B', ['1', '2'], B, [0.4, 0.6])]);
		expect(r.converged).toBe(true);
		const share = (codes: number[], k: number) => {
			let known = 0;
			let inK = 0;
			codes.forEach((c, i) => {
				if (c < 0) return;
				known += r.weights[i] as number;
				if (c === k) inK += r.weights[i] as number;
			});
			return inK / known;
		};
		expect(share(A, 0)).toBeCloseTo(0.5, 9);
		expect(share(B, 0)).toBeCloseTo(0.4, 9);
		expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(8, 9);
		expect(r.missing).toEqual({ A: 2, B: 1 });
	});
});

describe('rake: base weights and trimming', () => {
	it('multiplies base weights by the cell factors', () => {
		// Base [3,1 | 1,1]: A1 mass 4 → ×0.75, A2 mass 2 → ×1.5 → [2.25, 0.75, 1.5, 1.5] (sum 6) → ×4/6.
		const r = rake(4, [dim('A', ['1', '2'], [0, 0, 1, 1], [0.5, 0.5])], {
			baseWeights: Float64Array.from([3, 1, 1, 1])
		});
		expectWeights(r.weights, [1.5, 0.5, 1, 1]);
	});

	it('trims extreme weights and re-rakes until within bounds', () => {
		// A: 1 respondent in a1 would get a large weight unless B can compensate.
		const A = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
		const B = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1];
		const dims = [dim('A', ['1', '2'], A, [0.4, 0.6]), dim('B', ['1', '2'], B, [0.5, 0.5])];
		const untrimmed = rake(12, dims);
		expect(untrimmed.maxWeight).toBeGreaterThan(2.5);
		const r = rake(12, dims, { trim: { upper: 2.5, lower: 0.3 }, maxIterations: 1000 });
		expect(r.trimRounds).toBeGreaterThan(0);
		expect(r.withinTrimBounds).toBe(true);
		expect(r.maxWeight).toBeLessThanOrEqual(2.5 * (1 + 1e-6));
		expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(12, 9);
	});

	it('reports withinTrimBounds=false when bounds conflict with the margins', () => {
		// One dimension: the only a1 respondent must carry half the weight (w = 5 for n = 10).
		const codes = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1];
		const capped = rake(10, [dim('A', ['1', '2'], codes, [0.5, 0.5])], { trim: { upper: 3, maxRounds: 0 } });
		expect(capped.trimRounds).toBe(0);
		expect(capped.withinTrimBounds).toBe(false);
		// Re-raking restores w = 5 exactly, so the loop stops as soon as the weights are stable.
		const r = rake(10, [dim('A', ['1', '2'], codes, [0.5, 0.5])], { trim: { upper: 3 } });
		expect(r.trimRounds).toBe(1);
		expect(r.withinTrimBounds).toBe(false);
		expect(r.weights[0]).toBeCloseTo(5, 9);
	});

	it('trims with base weights at respondent level', () => {
		const A = [0, 0, 1, 1, 1, 1, 1, 1];
		const B = [0, 1, 0, 1, 0, 1, 1, 0];
		const base = Float64Array.from([1, 3, 1, 1, 1, 1, 1, 1]);
		const r = rake(8, [dim('A', ['1', '2'], A, [0.5, 0.5]), dim('B', ['1', '2'], B, [0.5, 0.5])], {
			baseWeights: base,
			trim: { upper: 2.6 },
			maxIterations: 1000
		});
		expect(r.withinTrimBounds).toBe(true);
		expect(r.maxWeight).toBeLessThanOrEqual(2.6 * (1 + 1e-6));
		expect(r.converged).toBe(true);
	});
});

describe('rake: bad input', () => {
	it('rejects shares not summing to 1, naming the dimension', () => {
		expect(() => rake(2, [dim('age', ['a', 'b'], [0, 1], [0.5, 0.4])])).toThrow('"age" shares sum to 0.9, expected 1');
	});

	it('rejects a positive target on a category without respondents', () => {
		expect(() => rake(2, [dim('age', ['a', 'b', 'c'], [0, 1], [0.4, 0.4, 0.2])])).toThrow(
			'"age" category "c" has a target share of 0.2 but no respondents'
		);
		// Missing respondents do not count as respondents of any category.
		expect(() => rake(2, [dim('age', ['a', 'b'], [0, -1], [0.5, 0.5])])).toThrow(/category "b"/);
	});

	it('rejects invalid codes, length mismatches and empty samples', () => {
		expect(() => rake(2, [dim('age', ['a', 'b'], [0, 2], [0.5, 0.5])])).toThrow(AnalyticsInputError);
		expect(() => rake(3, [dim('age', ['a', 'b'], [0, 1], [0.5, 0.5])])).toThrow(/has 2 codes, expected 3/);
		expect(() => rake(0, [])).toThrow(/no respondents/);
	});
});

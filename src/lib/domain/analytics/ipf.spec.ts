import { describe, expect, it } from 'vitest';
import { categoryMass, maxShareDifference, rakeCellMasses } from './ipf';

describe('categoryMass / maxShareDifference', () => {
	it('sums known cells per category and measures the worst share gap', () => {
		const mass = Float64Array.from([1, 3, 2, 4]);
		const codes = Int32Array.from([0, 1, -1, 1]);
		const out = new Float64Array(2);
		expect(categoryMass(mass, codes, out)).toBe(8);
		expect(Array.from(out)).toEqual([1, 7]);
		// Shares among known: 1/8 and 7/8 vs targets 0.5/0.5 → 0.375.
		expect(maxShareDifference(mass, [codes], [Float64Array.from([0.5, 0.5])])).toBeCloseTo(0.375, 15);
	});
});

describe('rakeCellMasses', () => {
	it('rakes a 2×2 table to the product of the margins when the start is uniform', () => {
		const mass = Float64Array.from([1, 1, 1, 1]);
		const codes = [Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 1, 0, 1])];
		const run = rakeCellMasses(mass, codes, [Float64Array.from([0.2, 0.8]), Float64Array.from([0.7, 0.3])], 1e-12, 10);
		expect(run.converged).toBe(true);
		const total = mass.reduce((s, x) => s + x, 0);
		expect((mass[0] as number) / total).toBeCloseTo(0.14, 12);
		expect((mass[3] as number) / total).toBeCloseTo(0.24, 12);
	});
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, compareProportions, proportionTest, rankQuestions, type ComparisonInput } from './compare';

function rel(a: number, b: number): number {
	return Math.abs(a - b) / Math.abs(b);
}

describe('proportionTest (reference values from mpmath, see README)', () => {
	it('two-sample pooled z-test', () => {
		// p1 = 0.6, p0 = 0.5, n = 400 each: p̄ = 0.55, SE = sqrt(0.2475·2/400)
		const t = proportionTest({ p: 0.6, n: 400 }, { p: 0.5, n: 400 });
		expect(t.test).toBe('two-sample');
		expect(rel(t.z, 2.8426762180748057)).toBeLessThan(1e-12);
		expect(rel(t.pValue, 0.004473649256611769)).toBeLessThan(1e-12);
	});

	it('one-sample test against a fixed target uses n_eff = n/deff', () => {
		const t = proportionTest({ p: 0.55, n: 100, deff: 1.25 }, { p: 0.5 });
		expect(t.test).toBe('one-sample');
		expect(t.currentEffectiveN).toBe(80);
		expect(t.referenceEffectiveN).toBeNull();
		expect(rel(t.z, 0.8944271909999159)).toBeLessThan(1e-12);
		expect(rel(t.pValue, 0.37109336952269756)).toBeLessThan(1e-12);
	});

	it('benchmark known by its margin of error only', () => {
		const t = proportionTest({ p: 0.62, n: 500, deff: 1.2 }, { p: 0.55, moe: 0.03 });
		expect(t.test).toBe('benchmark');
		expect(rel(t.z, 2.4753109986779775)).toBeLessThan(1e-12);
		expect(rel(t.pValue, 0.013312019963365718)).toBeLessThan(1e-12);
		expect(t.referenceEffectiveN).toBeCloseTo((0.55 * 0.45 * 1.96 ** 2) / 0.0009, 9);
	});

	it('degenerate SE: equal proportions give p = 1, different give p = 0', () => {
		expect(proportionTest({ p: 0, n: 50 }, { p: 0, n: 50 }).pValue).toBe(1);
		expect(proportionTest({ p: 1, n: 50 }, { p: 0, moe: 0 }).pValue).toBe(0);
	});

	it('rejects proportions outside [0, 1]', () => {
		expect(() => proportionTest({ p: 1.2, n: 50 }, { p: 0.5 }, 'q3')).toThrow('q3: proportion 1.2 is not in [0, 1]');
	});
});

describe('benjaminiHochberg', () => {
	it("matches R's p.adjust(c(.01,.02,.03,.04,.05), 'BH')", () => {
		expect(benjaminiHochberg([0.01, 0.02, 0.03, 0.04, 0.05])).toEqual([0.05, 0.05, 0.05, 0.05, 0.05].map((x) => expect.closeTo(x, 15)));
	});

	it('matches scipy.stats.false_discovery_control on an unsorted vector', () => {
		const p = [0.021, 0.001, 0.3, 0.04, 0.049, 0.8, 0.012, 0.0451, 0.2, 0.03];
		const expected = [0.07, 0.01, 1 / 3, 0.07, 0.07, 0.8, 0.06, 0.07, 0.25, 0.07];
		benjaminiHochberg(p).forEach((x, i) => expect(x).toBeCloseTo(expected[i] as number, 14));
	});

	it('ignores NaN entries and caps at 1', () => {
		const r = benjaminiHochberg([0.5, Number.NaN, 0.9]);
		expect(r[1]).toBeNaN();
		expect(r[0]).toBeCloseTo(0.9, 15);
		expect(r[2]).toBeCloseTo(0.9, 15);
		expect(benjaminiHochberg([])).toEqual([]);
	});

	it('property: adjusted ≥ raw, ≤ 1, and monotone in the raw order', () => {
		fc.assert(
			fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }), (p) => {
				const adj = benjaminiHochberg(p);
				const order = p.map((x, i) => i).sort((a, b) => (p[a] as number) - (p[b] as number));
				order.forEach((i, r) => {
					expect(adj[i]).toBeGreaterThanOrEqual((p[i] as number) - 1e-15);
					expect(adj[i]).toBeLessThanOrEqual(1);
					if (r > 0) expect(adj[i]).toBeGreaterThanOrEqual(adj[order[r - 1] as number] as number);
				});
			})
		);
	});
});

describe('compareProportions', () => {
	const inputs: ComparisonInput[] = [
		{ question: 'q1', current: { p: 0.62, n: 1000 }, reference: { p: 0.5, n: 1000 } }, // +12 pts, very significant
		{ question: 'q2', current: { p: 0.55, n: 1000 }, reference: { p: 0.5, n: 1000 } }, // +5 pts, p ≈ 0.025
		{ question: 'q3', current: { p: 0.5, n: 1000 }, reference: { p: 0.51, n: 1000 } }, // −1 pt, not significant
		{ question: 'q4', current: { p: 0.3, n: 1000 }, reference: { p: 0.45 } }, // −15 pts vs target
		{ question: 'q5', current: { p: 0.44, n: 1000 }, reference: { p: 0.5, n: 1000 } }, // −6 pts
		{ question: 'q6', current: { p: 0.9, n: 40, deff: 2 }, reference: { p: 0.5, n: 1000 } } // n_eff 20 < 30
	];
	const r = compareProportions(inputs);

	it('flags direction and size after BH control', () => {
		expect(r.map((x) => x.flag)).toEqual(['much higher', 'higher', 'similar', 'much lower', 'lower', 'too few responses']);
	});

	it('adjusts p-values over the tested questions only', () => {
		const tested = r.filter((x) => x.adjustedPValue !== null);
		expect(tested).toHaveLength(5);
		const adj = benjaminiHochberg(tested.map((x) => x.pValue));
		tested.forEach((x, i) => expect(x.adjustedPValue).toBeCloseTo(adj[i] as number, 15));
		expect(r[5]?.significant).toBe(false);
	});

	it('honours q, the "much" threshold and the minimum effective n', () => {
		const strict = compareProportions(inputs, { q: 0.001, muchThreshold: 0.2, minEffectiveN: 10 });
		expect(strict.map((x) => x.flag)).toEqual(['higher', 'similar', 'similar', 'lower', 'similar', 'much higher']);
	});

	it('treats a difference of exactly 10 points as "much" despite rounding', () => {
		const [x] = compareProportions([{ question: 'q', current: { p: 0.6, n: 5000 }, reference: { p: 0.5, n: 5000 } }]);
		expect(x?.flag).toBe('much higher');
	});
});

describe('rankQuestions', () => {
	const items = [
		{ question: 'a', percentPositive: 0.5 },
		{ question: 'b', percentPositive: 0.8 },
		{ question: 'c', percentPositive: null },
		{ question: 'd', percentPositive: 0.5 },
		{ question: 'e', percentPositive: 0.2 },
		{ question: 'f', percentPositive: 0.8 }
	];

	it('returns top and bottom k, ties by question order, skipping nulls', () => {
		const r = rankQuestions(items, 3);
		expect(r.highest.map((x) => x.question)).toEqual(['b', 'f', 'a']);
		expect(r.lowest.map((x) => x.question)).toEqual(['e', 'a', 'd']);
		expect(rankQuestions(items, 10).highest).toHaveLength(5);
	});
});

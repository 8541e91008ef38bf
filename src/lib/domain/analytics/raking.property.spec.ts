import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rake, type RakingDimension } from './raking';

const CATEGORY_COUNTS = [2, 3, 4] as const;

/** Positive shares summing to 1. */
function sharesArb(k: number): fc.Arbitrary<number[]> {
	return fc.array(fc.integer({ min: 1, max: 20 }), { minLength: k, maxLength: k }).map((xs) => {
		const s = xs.reduce((a, b) => a + b, 0);
		return xs.map((x) => x / s);
	});
}

/**
 * A sample containing every cell of the 2×3×4 cross at least once (so the
 * margins are always attainable) plus random extra respondents, some with
 * missing codes.
 */
const sampleArb = fc
	.record({
		extra: fc.array(fc.tuple(fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 2 }), fc.integer({ min: 0, max: 3 })), {
			maxLength: 60
		}),
		targets: fc.tuple(sharesArb(2), sharesArb(3), sharesArb(4)),
		seed: fc.integer()
	})
	.map(({ extra, targets, seed }) => {
		const rows: Array<[number, number, number]> = [];
		for (let a = 0; a < 2; a++) for (let b = 0; b < 3; b++) for (let c = 0; c < 4; c++) rows.push([a, b, c]);
		for (const r of extra) rows.push([r[0], r[1], r[2]]);
		return { rows, targets, seed };
	});

function dimsOf(rows: ReadonlyArray<readonly number[]>, targets: readonly number[][]): RakingDimension[] {
	return CATEGORY_COUNTS.map((k, d) => ({
		name: `d${d}`,
		categories: Array.from({ length: k }, (_, i) => `c${i}`),
		codes: Int8Array.from(rows.map((r) => r[d] as number)),
		targets: targets[d] as number[]
	}));
}

/** Weighted share of category k among respondents with a known value. */
function shareAmongKnown(codes: Int8Array, w: Float64Array, k: number): number {
	let known = 0;
	let inK = 0;
	for (let i = 0; i < codes.length; i++) {
		if ((codes[i] as number) < 0) continue;
		known += w[i] as number;
		if (codes[i] === k) inK += w[i] as number;
	}
	return inK / known;
}

/** Deterministic permutation from a seed (Fisher–Yates with an LCG). */
function permutation(n: number, seed: number): number[] {
	const p = Array.from({ length: n }, (_, i) => i);
	let s = seed >>> 0;
	for (let i = n - 1; i > 0; i--) {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		const j = s % (i + 1);
		const t = p[i] as number;
		p[i] = p[j] as number;
		p[j] = t;
	}
	return p;
}

describe('rake: properties', () => {
	it('reproduces the margins (shares among known), mean weight 1, deff ≥ 1', () => {
		fc.assert(
			fc.property(sampleArb, ({ rows, targets }) => {
				const dims = dimsOf(rows, targets);
				const r = rake(rows.length, dims, { maxIterations: 2000 });
				expect(r.converged).toBe(true);
				dims.forEach((d, di) => {
					const t = targets[di] as number[];
					t.forEach((share, k) => {
						expect(Math.abs(shareAmongKnown(d.codes as Int8Array, r.weights, k) - share)).toBeLessThan(1e-9);
					});
				});
				const mean = r.weights.reduce((s, w) => s + w, 0) / rows.length;
				expect(mean).toBeCloseTo(1, 12);
				expect(r.deff).toBeGreaterThanOrEqual(1 - 1e-12);
				expect(r.effectiveSampleSize).toBeLessThanOrEqual(rows.length * (1 + 1e-12));
				expect(r.minWeight).toBeGreaterThan(0);
			}),
			{ numRuns: 150 }
		);
	});

	it('weights do not depend on row order', () => {
		fc.assert(
			fc.property(sampleArb, ({ rows, targets, seed }) => {
				const perm = permutation(rows.length, seed);
				const shuffled = perm.map((i) => rows[i] as [number, number, number]);
				const r1 = rake(rows.length, dimsOf(rows, targets), { maxIterations: 2000 });
				const r2 = rake(rows.length, dimsOf(shuffled, targets), { maxIterations: 2000 });
				perm.forEach((orig, j) => expect(r2.weights[j]).toBeCloseTo(r1.weights[orig] as number, 8));
			}),
			{ numRuns: 100 }
		);
	});

	it('trimmed weights respect the bounds when the loop reports so', () => {
		fc.assert(
			fc.property(sampleArb, ({ rows, targets }) => {
				const r = rake(rows.length, dimsOf(rows, targets), { maxIterations: 2000, trim: { lower: 0.3, upper: 3 } });
				if (r.withinTrimBounds) {
					expect(r.maxWeight).toBeLessThanOrEqual(3 * (1 + 1e-6));
					expect(r.minWeight).toBeGreaterThanOrEqual(0.3 * (1 - 1e-6));
				}
				expect(r.weights.reduce((s, w) => s + w, 0) / rows.length).toBeCloseTo(1, 12);
			}),
			{ numRuns: 100 }
		);
	});
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accumulate, accumulateByGroup, weightOfCodes } from './accumulate';

describe('accumulate', () => {
	it('collects the sums of answered values in one pass (hand-checked)', () => {
		const s = accumulate(Float64Array.from([5, 3, 4, Number.NaN]), Float64Array.from([2, 0.4, 0.8, 0.8]));
		expect(s.n).toBe(3);
		expect(s.sumW).toBeCloseTo(3.2, 12);
		expect(s.sumW2).toBeCloseTo(4.8, 12);
		expect(s.shift).toBe(5);
		// Σw(y−5) = 0 − 0.8 − 0.8 = −1.6; Σw(y−5)² = 1.6 + 0.8 = 2.4
		expect(s.sumWD).toBeCloseTo(-1.6, 12);
		expect(s.sumWD2).toBeCloseTo(2.4, 12);
		expect(s.min).toBe(3);
		expect(s.max).toBe(5);
		expect(s.hist[5]).toBe(2);
		expect(s.hist[4]).toBeCloseTo(0.8, 12);
		expect(s.other.size).toBe(0);
	});

	it('routes non-integer, negative and large values to the slow path', () => {
		const s = accumulate(Float32Array.from([2.5, -1, 300, 2.5, 7]), new Float64Array(5).fill(1));
		expect(Object.fromEntries(s.other)).toEqual({ '2.5': 2, '-1': 1, '300': 1 });
		expect(s.hist[7]).toBe(1);
		expect(weightOfCodes(s, [2.5, 7, 7])).toBe(3);
	});

	it('handles a column with no answers', () => {
		const s = accumulate(Float64Array.from([Number.NaN, Number.NaN]), Float64Array.from([1, 1]));
		expect(s.n).toBe(0);
		expect(s.sumW).toBe(0);
	});

	it('property: grouped sums equal the sums of each group taken separately', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.tuple(
						fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constant(Number.NaN)),
						fc.double({ min: 0.1, max: 5, noNaN: true }),
						fc.integer({ min: -1, max: 2 })
					),
					{ maxLength: 60 }
				),
				(rows) => {
					const y = Float64Array.from(rows.map((r) => r[0]));
					const w = Float64Array.from(rows.map((r) => r[1]));
					const g = Int8Array.from(rows.map((r) => r[2]));
					const grouped = accumulateByGroup(y, w, g, 3);
					for (let k = 0; k < 3; k++) {
						const idx = rows.map((r, i) => (r[2] === k ? i : -1)).filter((i) => i >= 0);
						const yk = Float64Array.from(idx.map((i) => y[i] as number));
						const wk = Float64Array.from(idx.map((i) => w[i] as number));
						const alone = accumulate(yk, wk);
						const s = grouped[k];
						expect(s?.n).toBe(alone.n);
						expect(s?.sumW).toBeCloseTo(alone.sumW, 9);
						expect(s?.sumW2).toBeCloseTo(alone.sumW2, 9);
						for (let v = 0; v <= 10; v++) expect(s?.hist[v]).toBeCloseTo(alone.hist[v] as number, 9);
						if (alone.n > 0) {
							expect(s?.min).toBe(alone.min);
							expect(s?.max).toBe(alone.max);
						}
					}
				}
			)
		);
	});
});

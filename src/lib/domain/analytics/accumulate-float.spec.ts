import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accumulateFloat, accumulateFloatByGroup, firstFloatAnswer } from './accumulate-float';

describe('accumulateFloat', () => {
	it('collects the sums of answered values in one pass (hand-checked)', () => {
		const s = accumulateFloat(Float64Array.from([5, 3, 4, Number.NaN]), Float64Array.from([2, 0.4, 0.8, 0.8]), [4, 5]);
		expect(s.n).toBe(3);
		expect(s.sumW).toBeCloseTo(3.2, 12);
		expect(s.sumW2).toBeCloseTo(4.8, 12);
		expect(s.shift).toBe(5);
		// Σw(y−5) = 0 − 0.8 − 0.8 = −1.6; Σw(y−5)² = 1.6 + 0.8 = 2.4
		expect(s.sumWD).toBeCloseTo(-1.6, 12);
		expect(s.sumWD2).toBeCloseTo(2.4, 12);
		expect(s.sumWPositive).toBeCloseTo(2.8, 12);
	});

	it('handles positive codes outside the lookup table', () => {
		const y = Float32Array.from([2.5, -1, 300, 2.5, 7]);
		expect(accumulateFloat(y, new Float64Array(5).fill(1), [2.5, 300, 7]).sumWPositive).toBe(4);
	});

	it('handles a column with no answers', () => {
		expect(firstFloatAnswer(Float64Array.from([Number.NaN]))).toBe(0);
		expect(accumulateFloat(Float64Array.from([Number.NaN]), Float64Array.from([1]), [4])).toMatchObject({ n: 0, sumW: 0 });
	});
});

describe('accumulateFloatByGroup', () => {
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
					const grouped = accumulateFloatByGroup(y, w, g, 3, [9, 10]);
					for (let k = 0; k < 3; k++) {
						const idx = rows.map((r, i) => (r[2] === k ? i : -1)).filter((i) => i >= 0);
						const alone = accumulateFloat(
							Float64Array.from(idx.map((i) => y[i] as number)),
							Float64Array.from(idx.map((i) => w[i] as number)),
							[9, 10]
						);
						const s = grouped[k];
						expect(s?.n).toBe(alone.n);
						for (const key of ['sumW', 'sumW2', 'sumWPositive'] as const) expect(s?.[key]).toBeCloseTo(alone[key], 9);
						if (alone.n > 0) {
							// Different centering constants, same mean.
							const m = (x: typeof alone) => x.shift + x.sumWD / x.sumW;
							expect(m(s as typeof alone)).toBeCloseTo(m(alone), 9);
						}
					}
				}
			)
		);
	});
});

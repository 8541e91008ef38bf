import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accumulate, accumulateByGroup } from './accumulate';
import { toUint8Answers } from './matrix';

const NaN_ = Number.NaN;

describe('accumulate (dispatch)', () => {
	it('gives the same sums for Float64, Float32 and Uint8 storage', () => {
		const y = Float64Array.from([5, 3, 4, NaN_]);
		const w = Float64Array.from([2, 0.4, 0.8, 0.8]);
		const a = accumulate(y, w, [4, 5]);
		const b = accumulate(Float32Array.from(y), w, [4, 5]);
		const c = accumulate(toUint8Answers(y) as Uint8Array, w, [4, 5]);
		expect(b).toEqual(a);
		expect(c).toEqual(a);
		expect(a).toMatchObject({ n: 3, shift: 5 });
	});

	it('property: Uint8 and float kernels agree, overall and by group', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.tuple(
						fc.oneof(fc.integer({ min: 0, max: 254 }), fc.constant(NaN_)),
						fc.double({ min: 0.01, max: 10, noNaN: true }),
						fc.integer({ min: -1, max: 2 })
					),
					{ maxLength: 80 }
				),
				fc.array(fc.integer({ min: 0, max: 254 }), { maxLength: 4 }),
				(rows, positive) => {
					const y = Float64Array.from(rows.map((r) => r[0]));
					const u = toUint8Answers(y) as Uint8Array;
					const w = Float64Array.from(rows.map((r) => r[1]));
					const g = Int8Array.from(rows.map((r) => r[2]));
					const close = (
						p: { n: number; sumW: number; sumW2: number; sumWD: number; sumWD2: number; sumWPositive: number },
						q: typeof p
					) => {
						expect(q.n).toBe(p.n);
						for (const k of ['sumW', 'sumW2', 'sumWD', 'sumWD2', 'sumWPositive'] as const) expect(q[k]).toBeCloseTo(p[k], 8);
					};
					close(accumulate(y, w, positive), accumulate(u, w, positive));
					const fg = accumulateByGroup(y, w, g, 3, positive);
					const ug = accumulateByGroup(u, w, g, 3, positive);
					fg.forEach((s, k) => close(s, ug[k] as typeof s));
				}
			)
		);
	});
});

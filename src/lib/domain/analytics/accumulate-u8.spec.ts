import { describe, expect, it } from 'vitest';
import { accumulateU8, accumulateU8ByGroup, firstU8Answer } from './accumulate-u8';

describe('accumulateU8', () => {
	it('collects the sums, treating 255 as missing (hand-checked)', () => {
		const s = accumulateU8(Uint8Array.from([255, 5, 3, 4, 255]), Float64Array.from([9, 2, 0.4, 0.8, 0.8]), [4, 5]);
		expect(s.n).toBe(3);
		expect(s.shift).toBe(5);
		expect(s.sumW).toBeCloseTo(3.2, 12);
		expect(s.sumW2).toBeCloseTo(4.8, 12);
		expect(s.sumWD).toBeCloseTo(-1.6, 12);
		expect(s.sumWD2).toBeCloseTo(2.4, 12);
		expect(s.sumWPositive).toBeCloseTo(2.8, 12);
	});

	it('never counts the missing code as positive and ignores non-integer codes', () => {
		const s = accumulateU8(Uint8Array.from([255, 4]), Float64Array.from([1, 1]), [255, 4, 4.5]);
		expect(s.sumWPositive).toBe(1);
	});

	it('handles a column with no answers', () => {
		expect(firstU8Answer(Uint8Array.from([255]))).toBe(0);
		expect(accumulateU8(Uint8Array.from([255, 255]), Float64Array.from([1, 1]), [4])).toMatchObject({ n: 0, sumW: 0, sumW2: 0 });
	});
});

describe('accumulateU8ByGroup', () => {
	it('accumulates per group, skipping missing answers and group -1', () => {
		const y = Uint8Array.from([5, 1, 255, 4, 2]);
		const w = Float64Array.from([1, 2, 3, 4, 5]);
		const g = Int8Array.from([0, 0, 1, 1, -1]);
		const [a, b] = accumulateU8ByGroup(y, w, g, 2, [4, 5]);
		expect(a).toMatchObject({ n: 2, sumW: 3, sumW2: 5, sumWPositive: 1 });
		expect(b).toMatchObject({ n: 1, sumW: 4, sumW2: 16, sumWPositive: 4 });
	});
});

import { describe, expect, it } from 'vitest';
import { groupAccumulators, groupSums, positiveLookup } from './sums';

describe('positiveLookup', () => {
	it('puts integer codes 0..255 in the table and the rest in a deduplicated list', () => {
		const p = positiveLookup([4, 5, 4.5, -1, 4.5, 300]);
		expect(p.table[4]).toBe(1);
		expect(p.table[5]).toBe(1);
		expect(p.table[3]).toBe(0);
		expect(p.extra).toEqual([4.5, -1, 300]);
	});
});

describe('groupSums', () => {
	it('turns struct-of-arrays accumulators into per-group sums', () => {
		const a = groupAccumulators(2);
		a.n[1] = 3;
		a.sw[1] = 2;
		a.swp[0] = 1;
		expect(groupSums(7, a)).toEqual([
			{ n: 0, sumW: 0, sumW2: 0, shift: 7, sumWD: 0, sumWD2: 0, sumWPositive: 1 },
			{ n: 3, sumW: 2, sumW2: 0, shift: 7, sumWD: 0, sumWD2: 0, sumWPositive: 0 }
		]);
	});
});

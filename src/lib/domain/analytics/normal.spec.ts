import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, twoSidedPValue } from './normal';

/** Reference values from mpmath (mp.dps = 40), see README. */
const ERFC_REFERENCE: ReadonlyArray<readonly [number, number]> = [
	[0, 1],
	[1e-10, 0.999999999887162],
	[0.1, 0.8875370839817152],
	[0.3, 0.6713732405408726],
	[0.46875, 0.507386526782062],
	[0.46876, 0.5073774688931535],
	[0.5, 0.4795001221869535],
	[1, 0.15729920705028513],
	[2, 0.004677734981047266],
	[3, 0.00002209049699858544],
	[3.9, 3.4792248597231745e-8],
	[4, 1.541725790028002e-8],
	[4.5, 1.9661604415428876e-10],
	[5, 1.537459794428035e-12],
	[6, 2.1519736712498913e-17],
	[10, 2.088487583762545e-45],
	[20, 5.395865611607901e-176],
	[26, 5.663192408856143e-296]
];

function relErr(a: number, b: number): number {
	return Math.abs(a - b) / Math.abs(b);
}

describe('erfc', () => {
	it.each(ERFC_REFERENCE)('erfc(%d) matches mpmath to 1e-14 relative', (x, ref) => {
		expect(relErr(erfc(x), ref)).toBeLessThan(1e-14);
	});

	it('handles negative arguments, symmetry and extremes', () => {
		expect(relErr(erfc(-1), 1.8427007929497148)).toBeLessThan(1e-15);
		expect(erfc(30)).toBe(0);
		expect(erfc(-30)).toBe(2);
		expect(erfc(Number.NaN)).toBeNaN();
		for (const x of [0.2, 0.7, 1.5, 3.3, 5.5]) expect(erfc(x) + erfc(-x)).toBeCloseTo(2, 15);
	});
});

describe('erf', () => {
	it('is consistent with erfc and odd', () => {
		for (const x of [0.01, 0.3, 0.46875, 0.9, 2.5, 4.2]) {
			expect(erf(x)).toBeCloseTo(1 - erfc(x), 15);
			expect(erf(-x)).toBe(-erf(x));
		}
		expect(erf(0)).toBe(0);
		expect(erf(Number.NaN)).toBeNaN();
	});
});

describe('normalCdf / twoSidedPValue', () => {
	it('matches reference values', () => {
		expect(relErr(normalCdf(-1.96), 0.024997895148220435)).toBeLessThan(1e-13);
		expect(relErr(normalCdf(1.96), 0.9750021048517795)).toBeLessThan(1e-15);
		expect(relErr(normalCdf(0.5), 0.6914624612740131)).toBeLessThan(1e-15);
		expect(relErr(normalCdf(-8), 6.220960574271784e-16)).toBeLessThan(1e-12);
		expect(normalCdf(0)).toBe(0.5);
	});

	it('gives accurate two-sided p-values', () => {
		expect(relErr(twoSidedPValue(1.96), 0.04999579029644087)).toBeLessThan(1e-13);
		expect(relErr(twoSidedPValue(-3), 0.002699796063260189)).toBeLessThan(1e-13);
		expect(twoSidedPValue(0)).toBe(1);
		expect(twoSidedPValue(Number.POSITIVE_INFINITY)).toBe(0);
		expect(twoSidedPValue(Number.NaN)).toBeNaN();
	});
});

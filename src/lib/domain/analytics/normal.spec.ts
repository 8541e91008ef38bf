import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, twoSidedPValue } from './normal';

/** Reference values from mpmath (mp.dps = 40), see README. */
const ERFC_REFERENCE: ReadonlyArray<readonly [number, number]> = [
	[0, 1],
	[1e-10, 0.99999999988716208329],
	[0.1, 0.8875370839817151078],
	[0.3, 0.67137324054087257236],
	[0.46875, 0.50738652678206200841],
	[0.46876, 0.50737746889315347978],
	[0.5, 0.47950012218695346232],
	[1, 0.15729920705028513066],
	[2, 0.0046777349810472658379],
	[3, 0.000022090496998585441373],
	[3.9, 3.4792248597231742278e-8],
	[4, 1.5417257900280018852e-8],
	[4.5, 1.9661604415428874763e-10],
	[5, 1.5374597944280348502e-12],
	[6, 2.1519736712498913117e-17],
	[10, 2.088487583762544757e-45],
	[20, 5.3958656116079009289e-176],
	[26, 5.6631924088561428465e-296]
];

function relErr(a: number, b: number): number {
	return Math.abs(a - b) / Math.abs(b);
}

describe('erfc', () => {
	it.each(ERFC_REFERENCE)('erfc(%d) matches mpmath to 1e-14 relative', (x, ref) => {
		expect(relErr(erfc(x), ref)).toBeLessThan(1e-14);
	});

	it('handles negative arguments, symmetry and extremes', () => {
		expect(relErr(erfc(-1), 1.8427007929497148693)).toBeLessThan(1e-15);
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
		expect(relErr(normalCdf(-1.96), 0.024997895148220436213)).toBeLessThan(1e-13);
		expect(relErr(normalCdf(1.96), 0.97500210485177956379)).toBeLessThan(1e-15);
		expect(relErr(normalCdf(0.5), 0.69146246127401310364)).toBeLessThan(1e-15);
		expect(relErr(normalCdf(-8), 6.2209605742717841235e-16)).toBeLessThan(1e-12);
		expect(normalCdf(0)).toBe(0.5);
	});

	it('gives accurate two-sided p-values', () => {
		expect(relErr(twoSidedPValue(1.96), 0.049995790296440872426)).toBeLessThan(1e-13);
		expect(relErr(twoSidedPValue(-3), 0.0026997960632601890533)).toBeLessThan(1e-13);
		expect(twoSidedPValue(0)).toBe(1);
		expect(twoSidedPValue(Number.POSITIVE_INFINITY)).toBe(0);
		expect(twoSidedPValue(Number.NaN)).toBeNaN();
	});
});

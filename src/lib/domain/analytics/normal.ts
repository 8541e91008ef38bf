/**
 * Normal distribution functions for significance tests.
 *
 * `erfc` implements W. J. Cody's rational Chebyshev approximations
 * ("Rational Chebyshev approximations for the error function",
 * Math. Comp. 23 (1969) 631–638), as in Netlib SPECFUN `CALERF`.
 * Three intervals: erf on |x| ≤ 0.46875, erfc on 0.46875 < |x| ≤ 4,
 * and an asymptotic form for |x| > 4. The exponential factor is split as
 * exp(-t²)·exp(-(x-t)(x+t)) with t = trunc(16x)/16 to avoid cancellation.
 * Coefficients are the published 18-digit values written as their nearest
 * doubles (shortest round-trip form, identical at runtime).
 * Tested against 40-digit mpmath values: relative error ≤ 1e-14 everywhere
 * it does not underflow (x < 26.55).
 */

const SQRPI = 0.5641895835477563; // 1/sqrt(pi)
const XBIG = 26.543; // erfc(x) underflows to 0 beyond this

const A = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const C = [
	0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769, 1712.0476126340707, 2051.0783778260716,
	1230.3393547979972, 2.1531153547440383e-8
];
const D = [
	15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247, 3439.3676741437216,
	1230.3393548037495
];
const P = [
	0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378, 0.016315387137302097
];
const Q = [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918];

/** Coefficient lookup that satisfies `noUncheckedIndexedAccess` for constant tables. */
function k(table: readonly number[], i: number): number {
	return table[i] as number;
}

/** erf(x) for |x| ≤ 0.46875 (Cody interval 1). */
function erfSmall(x: number): number {
	const y = Math.abs(x);
	const ysq = y > 1.11e-16 ? y * y : 0;
	let num = k(A, 4) * ysq;
	let den = ysq;
	for (let i = 0; i < 3; i++) {
		num = (num + k(A, i)) * ysq;
		den = (den + k(B, i)) * ysq;
	}
	return (x * (num + k(A, 3))) / (den + k(B, 3));
}

/** exp(-y²) computed without cancellation (Cody's split). */
function expMinusSquare(y: number): number {
	const ysq = Math.trunc(16 * y) / 16;
	const del = (y - ysq) * (y + ysq);
	return Math.exp(-ysq * ysq) * Math.exp(-del);
}

/** erfc(y) for y > 0.46875 (Cody intervals 2 and 3). */
function erfcPositive(y: number): number {
	if (y >= XBIG) return 0;
	let r: number;
	if (y <= 4) {
		let num = k(C, 8) * y;
		let den = y;
		for (let i = 0; i < 7; i++) {
			num = (num + k(C, i)) * y;
			den = (den + k(D, i)) * y;
		}
		r = (num + k(C, 7)) / (den + k(D, 7));
	} else {
		const z = 1 / (y * y);
		let num = k(P, 5) * z;
		let den = z;
		for (let i = 0; i < 4; i++) {
			num = (num + k(P, i)) * z;
			den = (den + k(Q, i)) * z;
		}
		r = (z * (num + k(P, 4))) / (den + k(Q, 4));
		r = (SQRPI - r) / y;
	}
	return expMinusSquare(y) * r;
}

/**
 * Complementary error function erfc(x) = 1 − erf(x), accurate to ~1e-15
 * relative (Cody 1969).
 */
export function erfc(x: number): number {
	if (Number.isNaN(x)) return Number.NaN;
	const y = Math.abs(x);
	if (y <= 0.46875) return 1 - erfSmall(x);
	const r = erfcPositive(y);
	return x < 0 ? 2 - r : r;
}

/** Error function erf(x). */
export function erf(x: number): number {
	if (Number.isNaN(x)) return Number.NaN;
	const y = Math.abs(x);
	if (y <= 0.46875) return erfSmall(x);
	const r = 1 - erfcPositive(y);
	return x < 0 ? -r : r;
}

/** Standard normal cumulative distribution Φ(x) = erfc(−x/√2)/2. */
export function normalCdf(x: number): number {
	return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Two-sided p-value of a z statistic: P(|Z| ≥ |z|) = erfc(|z|/√2).
 * Computed directly from erfc so that tiny p-values keep full relative precision.
 */
export function twoSidedPValue(z: number): number {
	if (Number.isNaN(z)) return Number.NaN;
	return erfc(Math.abs(z) / Math.SQRT2);
}

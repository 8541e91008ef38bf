/**
 * Shared types of the accumulation kernels: the weighted sums of a question
 * and the lookup table of positive answer codes.
 */

/** Integer answer values 0..HIST_SIZE-1 use lookup tables / the histogram. */
export const HIST_SIZE = 256;

/** Weighted sums of one question (optionally within one group). */
export interface QuestionSums {
	/** Respondents who answered. */
	n: number;
	sumW: number;
	sumW2: number;
	/** Centering constant for the sums of deviations (first answer). */
	shift: number;
	/** Σ w·(y − shift). */
	sumWD: number;
	/** Σ w·(y − shift)². */
	sumWD2: number;
	/** Σ w over positive answers. */
	sumWPositive: number;
}

/** Lookup of positive codes: table for integers 0..255, list for the rest. */
export interface PositiveLookup {
	/** table[v] = 1 when the integer v is positive, else 0. */
	readonly table: Float64Array;
	/** Positive codes that are not integers in 0..255. */
	readonly extra: readonly number[];
}

/** Build the positive-code lookup for a set of codes. */
export function positiveLookup(codes: readonly number[]): PositiveLookup {
	const table = new Float64Array(HIST_SIZE);
	const extra: number[] = [];
	for (const c of codes) {
		const k = c | 0;
		if (k === c && k >= 0 && k < HIST_SIZE) table[k] = 1;
		else if (!extra.includes(c)) extra.push(c);
	}
	return { table, extra };
}

/** Assemble per-group sums from struct-of-arrays accumulators. */
export function groupSums(
	shift: number,
	acc: { n: Float64Array; sw: Float64Array; sw2: Float64Array; swd: Float64Array; swd2: Float64Array; swp: Float64Array }
): QuestionSums[] {
	return Array.from(acc.n, (_, g) => ({
		n: acc.n[g] as number,
		sumW: acc.sw[g] as number,
		sumW2: acc.sw2[g] as number,
		shift,
		sumWD: acc.swd[g] as number,
		sumWD2: acc.swd2[g] as number,
		sumWPositive: acc.swp[g] as number
	}));
}

/** Fresh struct-of-arrays accumulators for `groupCount` groups. */
export function groupAccumulators(groupCount: number) {
	return {
		n: new Float64Array(groupCount),
		sw: new Float64Array(groupCount),
		sw2: new Float64Array(groupCount),
		swd: new Float64Array(groupCount),
		swd2: new Float64Array(groupCount),
		swp: new Float64Array(groupCount)
	};
}

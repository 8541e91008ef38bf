/**
 * Weight summaries: Kish design effect and effective sample size.
 */

/**
 * Kish design effect of a set of weights: deff = n·Σw²/(Σw)² (≥ 1 by
 * Cauchy–Schwarz; 1 when all weights are equal). NaN when n = 0 or Σw = 0.
 */
export function kishDeff(weights: ArrayLike<number>): number {
	let sw = 0;
	let sw2 = 0;
	for (let i = 0; i < weights.length; i++) {
		const w = weights[i] as number;
		sw += w;
		sw2 += w * w;
	}
	return deffFromSums(weights.length, sw, sw2);
}

/** Kish deff from n, Σw and Σw². */
export function deffFromSums(n: number, sumW: number, sumW2: number): number {
	if (n === 0 || sumW === 0) return Number.NaN;
	return (n * sumW2) / (sumW * sumW);
}

/** Effective sample size n/deff = (Σw)²/Σw². */
export function effectiveSampleSize(weights: ArrayLike<number>): number {
	return weights.length / kishDeff(weights);
}

/**
 * Weights of 1 for n respondents (the unweighted case).
 */
export function uniformWeights(n: number): Float64Array {
	return new Float64Array(n).fill(1);
}

/**
 * Rescale weights in place to mean 1 (Σw = n). Returns the same array.
 */
export function normalizeToMeanOne(weights: Float64Array): Float64Array {
	let sum = 0;
	for (let i = 0; i < weights.length; i++) sum += weights[i] as number;
	if (!(sum > 0)) return weights;
	const f = weights.length / sum;
	for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) * f;
	return weights;
}

/** Summary of a set of weights. */
export interface WeightStats {
	readonly n: number;
	readonly min: number;
	readonly max: number;
	/** Kish design effect n·Σw²/(Σw)². */
	readonly deff: number;
}

/**
 * Min, max and Kish deff of weights given as distinct values with
 * multiplicities (e.g. one weight per cell and the cell counts), or as plain
 * per-respondent weights when `counts` is omitted.
 */
export function weightStats(values: Float64Array, counts?: Float64Array): WeightStats {
	let n = 0;
	let sw = 0;
	let sw2 = 0;
	let min = Number.POSITIVE_INFINITY;
	let max = Number.NEGATIVE_INFINITY;
	for (let i = 0; i < values.length; i++) {
		const w = values[i] as number;
		const k = counts ? (counts[i] as number) : 1;
		if (k === 0) continue;
		n += k;
		sw += k * w;
		sw2 += k * w * w;
		min = Math.min(min, w);
		max = Math.max(max, w);
	}
	return { n, min, max, deff: deffFromSums(n, sw, sw2) };
}

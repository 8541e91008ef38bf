/**
 * Accumulation kernels for float answer columns (Float64Array /
 * Float32Array, NaN = missing). One pass, no allocation per respondent.
 */
import type { CodeArray } from './matrix';
import { groupAccumulators, groupSums, HIST_SIZE, positiveLookup, type QuestionSums } from './sums';

/** Slow path: is a value outside the lookup table positive? */
function isExtraPositive(extra: readonly number[], y: number): number {
	return extra.includes(y) ? 1 : 0;
}

/** First non-NaN answer (0 when none): the centering constant. */
export function firstFloatAnswer(answers: Float32Array | Float64Array): number {
	for (let i = 0; i < answers.length; i++) {
		const y = answers[i] as number;
		if (y === y) return y;
	}
	return 0;
}

/**
 * Sums of one float question: n, Σw, Σw², Σw·d, Σw·d², Σw·positive.
 */
export function accumulateFloat(
	answers: Float32Array | Float64Array,
	weights: Float64Array,
	positiveCodes: readonly number[]
): QuestionSums {
	const shift = firstFloatAnswer(answers);
	const { table, extra } = positiveLookup(positiveCodes);
	let n = 0;
	let sw = 0;
	let sw2 = 0;
	let swd = 0;
	let swd2 = 0;
	let swp = 0;
	const len = answers.length;
	for (let i = 0; i < len; i++) {
		const y = answers[i] as number;
		if (y !== y) continue;
		const w = weights[i] as number;
		const d = y - shift;
		const wd = w * d;
		n++;
		sw += w;
		sw2 += w * w;
		swd += wd;
		swd2 += wd * d;
		const k = y | 0;
		swp += w * (k === y && k >= 0 && k < HIST_SIZE ? (table[k] as number) : isExtraPositive(extra, y));
	}
	return { n, sumW: sw, sumW2: sw2, shift, sumWD: swd, sumWD2: swd2, sumWPositive: swp };
}

/**
 * Per-group sums of one float question (group code -1 = skipped).
 */
export function accumulateFloatByGroup(
	answers: Float32Array | Float64Array,
	weights: Float64Array,
	groups: CodeArray,
	groupCount: number,
	positiveCodes: readonly number[]
): QuestionSums[] {
	const shift = firstFloatAnswer(answers);
	const { table, extra } = positiveLookup(positiveCodes);
	const a = groupAccumulators(groupCount);
	const { n, sw, sw2, swd, swd2, swp } = a;
	for (let i = 0; i < answers.length; i++) {
		const y = answers[i] as number;
		const g = groups[i] as number;
		if (y !== y || g < 0) continue;
		const w = weights[i] as number;
		const d = y - shift;
		const wd = w * d;
		const k = y | 0;
		const p = k === y && k >= 0 && k < HIST_SIZE ? (table[k] as number) : isExtraPositive(extra, y);
		n[g] = (n[g] as number) + 1;
		sw[g] = (sw[g] as number) + w;
		sw2[g] = (sw2[g] as number) + w * w;
		swd[g] = (swd[g] as number) + wd;
		swd2[g] = (swd2[g] as number) + wd * d;
		swp[g] = (swp[g] as number) + w * p;
	}
	return groupSums(shift, a);
}

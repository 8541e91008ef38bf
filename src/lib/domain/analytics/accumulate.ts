/**
 * One-pass accumulation of the weighted sums behind every estimate of a
 * question: n, Σw, Σw², Σw·d, Σw·d² (d = y − shift, shift = first answer, to
 * avoid cancellation in the variance), min/max answer, and a weighted
 * histogram of integer answers 0..255 (from which distributions, percent
 * positive and NPS are derived without another pass). Answers that are not
 * integers in 0..255 go to a small Map (slow path, rare in survey data).
 */
import type { AnswerArray, CodeArray } from './matrix';

/** Integer answer values 0..HIST_SIZE-1 are tracked in the histogram. */
export const HIST_SIZE = 256;

/** Weighted sums of one question (optionally within one group). */
export interface QuestionSums {
	/** Respondents who answered (non-NaN). */
	n: number;
	sumW: number;
	sumW2: number;
	/** Centering constant for the sums of deviations. */
	shift: number;
	/** Σ w·(y − shift). */
	sumWD: number;
	/** Σ w·(y − shift)². */
	sumWD2: number;
	min: number;
	max: number;
	/** hist[v] = Σ w over answers equal to the integer v (0 ≤ v < 256). */
	hist: Float64Array;
	/** Σ w per answer value for values outside the histogram. */
	other: Map<number, number>;
}

/** Fresh, empty sums. */
export function emptySums(shift = 0, hist: Float64Array = new Float64Array(HIST_SIZE)): QuestionSums {
	return {
		n: 0,
		sumW: 0,
		sumW2: 0,
		shift,
		sumWD: 0,
		sumWD2: 0,
		min: Number.POSITIVE_INFINITY,
		max: Number.NEGATIVE_INFINITY,
		hist,
		other: new Map()
	};
}

/** First non-NaN answer (0 when none): the centering constant. */
function firstAnswer(answers: AnswerArray): number {
	for (let i = 0; i < answers.length; i++) {
		const y = answers[i] as number;
		if (y === y) return y;
	}
	return 0;
}

/** Slow path for answers outside the histogram. */
function addOther(other: Map<number, number>, y: number, w: number): void {
	other.set(y, (other.get(y) ?? 0) + w);
}

/**
 * Accumulate the sums of one question in a single pass.
 * @param answers answers (NaN = missing)
 * @param weights one weight per respondent
 */
export function accumulate(answers: AnswerArray, weights: Float64Array): QuestionSums {
	const shift = firstAnswer(answers);
	const hist = new Float64Array(HIST_SIZE);
	const other = new Map<number, number>();
	let n = 0;
	let sw = 0;
	let sw2 = 0;
	let swd = 0;
	let swd2 = 0;
	let min = Number.POSITIVE_INFINITY;
	let max = Number.NEGATIVE_INFINITY;
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
		if (y < min) min = y;
		if (y > max) max = y;
		const k = y | 0;
		if (k === y && k >= 0 && k < HIST_SIZE) hist[k] = (hist[k] as number) + w;
		else addOther(other, y, w);
	}
	return { n, sumW: sw, sumW2: sw2, shift, sumWD: swd, sumWD2: swd2, min, max, hist, other };
}

/**
 * Accumulate the sums of one question for every group in a single pass.
 * Respondents whose group code is -1 are skipped.
 *
 * @param answers answers (NaN = missing)
 * @param weights one weight per respondent
 * @param groups group code per respondent (-1 = no group)
 * @param groupCount number of groups
 */
export function accumulateByGroup(
	answers: AnswerArray,
	weights: Float64Array,
	groups: CodeArray,
	groupCount: number
): QuestionSums[] {
	const shift = firstAnswer(answers);
	const hist = new Float64Array(groupCount * HIST_SIZE);
	const sums = Array.from({ length: groupCount }, (_, g) =>
		emptySums(shift, hist.subarray(g * HIST_SIZE, (g + 1) * HIST_SIZE))
	);
	const n = new Float64Array(groupCount);
	const sw = new Float64Array(groupCount);
	const sw2 = new Float64Array(groupCount);
	const swd = new Float64Array(groupCount);
	const swd2 = new Float64Array(groupCount);
	const min = new Float64Array(groupCount).fill(Number.POSITIVE_INFINITY);
	const max = new Float64Array(groupCount).fill(Number.NEGATIVE_INFINITY);
	const len = answers.length;
	for (let i = 0; i < len; i++) {
		const y = answers[i] as number;
		const g = groups[i] as number;
		if (y !== y || g < 0) continue;
		const w = weights[i] as number;
		const d = y - shift;
		const wd = w * d;
		n[g] = (n[g] as number) + 1;
		sw[g] = (sw[g] as number) + w;
		sw2[g] = (sw2[g] as number) + w * w;
		swd[g] = (swd[g] as number) + wd;
		swd2[g] = (swd2[g] as number) + wd * d;
		if (y < (min[g] as number)) min[g] = y;
		if (y > (max[g] as number)) max[g] = y;
		const k = y | 0;
		if (k === y && k >= 0 && k < HIST_SIZE) hist[g * HIST_SIZE + k] = (hist[g * HIST_SIZE + k] as number) + w;
		else addOther((sums[g] as QuestionSums).other, y, w);
	}
	sums.forEach((s, g) => {
		s.n = n[g] as number;
		s.sumW = sw[g] as number;
		s.sumW2 = sw2[g] as number;
		s.sumWD = swd[g] as number;
		s.sumWD2 = swd2[g] as number;
		s.min = min[g] as number;
		s.max = max[g] as number;
	});
	return sums;
}

/**
 * Weighted total of the answers equal to any of `codes`
 * (histogram for integer codes 0..255, Map otherwise).
 */
export function weightOfCodes(s: QuestionSums, codes: readonly number[]): number {
	let total = 0;
	for (const c of new Set(codes)) {
		const k = c | 0;
		total += k === c && k >= 0 && k < HIST_SIZE ? (s.hist[k] as number) : (s.other.get(c) ?? 0);
	}
	return total;
}

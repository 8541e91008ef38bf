/**
 * Accumulation kernels for Uint8Array answer columns (integers 0..254,
 * 255 = missing). Branch-free inner loop: a 256-entry mask table zeroes the
 * weight of missing answers, and the positive test is a table lookup.
 */
import { MISSING_U8, type CodeArray } from './matrix';
import { groupAccumulators, groupSums, HIST_SIZE, positiveLookup, type QuestionSums } from './sums';

/** answered[v] = 1 for v = 0..254, 0 for the missing code 255. */
const ANSWERED = new Float64Array(HIST_SIZE).fill(1);
ANSWERED[MISSING_U8] = 0;

/** First non-missing answer (0 when none): the centering constant. */
export function firstU8Answer(answers: Uint8Array): number {
	for (let i = 0; i < answers.length; i++) {
		const y = answers[i] as number;
		if (y !== MISSING_U8) return y;
	}
	return 0;
}

/**
 * Sums of one Uint8Array question: n, Σw, Σw², Σw·d, Σw·d², Σw·positive.
 * Positive codes that are not integers 0..254 never match a Uint8 answer.
 */
export function accumulateU8(answers: Uint8Array, weights: Float64Array, positiveCodes: readonly number[]): QuestionSums {
	const shift = firstU8Answer(answers);
	const table = positiveLookup(positiveCodes).table;
	const answered = ANSWERED;
	let n = 0;
	let sw = 0;
	let sw2 = 0;
	let swd = 0;
	let swd2 = 0;
	let swp = 0;
	const len = answers.length;
	for (let i = 0; i < len; i++) {
		const k = answers[i] as number;
		const m = answered[k] as number;
		const w = (weights[i] as number) * m;
		const d = k - shift;
		const wd = w * d;
		n += m;
		sw += w;
		sw2 += w * w;
		swd += wd;
		swd2 += wd * d;
		swp += w * (table[k] as number);
	}
	return { n, sumW: sw, sumW2: sw2, shift, sumWD: swd, sumWD2: swd2, sumWPositive: swp };
}

/**
 * Per-group sums of one Uint8Array question (group code -1 = skipped).
 */
export function accumulateU8ByGroup(
	answers: Uint8Array,
	weights: Float64Array,
	groups: CodeArray,
	groupCount: number,
	positiveCodes: readonly number[]
): QuestionSums[] {
	const shift = firstU8Answer(answers);
	const table = positiveLookup(positiveCodes).table;
	const a = groupAccumulators(groupCount);
	const { n, sw, sw2, swd, swd2, swp } = a;
	for (let i = 0; i < answers.length; i++) {
		const k = answers[i] as number;
		const g = groups[i] as number;
		if (k === MISSING_U8 || g < 0) continue;
		const w = weights[i] as number;
		const d = k - shift;
		const wd = w * d;
		n[g] = (n[g] as number) + 1;
		sw[g] = (sw[g] as number) + w;
		sw2[g] = (sw2[g] as number) + w * w;
		swd[g] = (swd[g] as number) + wd;
		swd2[g] = (swd2[g] as number) + wd * d;
		swp[g] = (swp[g] as number) + w * (table[k] as number);
	}
	return groupSums(shift, a);
}

/**
 * One-pass accumulation of the weighted sums behind every estimate of a
 * question: n, Σw, Σw², Σw·d, Σw·d² (d = y − shift, shift = first answer, to
 * avoid cancellation in the variance) and Σw·[y is positive].
 * Dispatches to a monomorphic kernel per storage type (float or Uint8).
 */
import { accumulateFloat, accumulateFloatByGroup } from './accumulate-float';
import { accumulateU8, accumulateU8ByGroup } from './accumulate-u8';
import type { AnswerArray, CodeArray } from './matrix';
import type { QuestionSums } from './sums';

export { accumulateHistogram, type Histogram } from './histogram';
export { HIST_SIZE, positiveLookup, type PositiveLookup, type QuestionSums } from './sums';

/**
 * Accumulate the sums of one question in a single pass.
 * @param answers answers (NaN, or 255 for Uint8Array, = missing)
 * @param weights one weight per respondent
 * @param positiveCodes codes counted as positive
 */
export function accumulate(answers: AnswerArray, weights: Float64Array, positiveCodes: readonly number[]): QuestionSums {
	return answers instanceof Uint8Array ? accumulateU8(answers, weights, positiveCodes) : accumulateFloat(answers, weights, positiveCodes);
}

/**
 * Accumulate the sums of one question for every group in a single pass.
 * Respondents whose group code is -1 are skipped.
 *
 * @param groups group code per respondent (-1 = no group)
 * @param groupCount number of groups
 */
export function accumulateByGroup(
	answers: AnswerArray,
	weights: Float64Array,
	groups: CodeArray,
	groupCount: number,
	positiveCodes: readonly number[]
): QuestionSums[] {
	return answers instanceof Uint8Array
		? accumulateU8ByGroup(answers, weights, groups, groupCount, positiveCodes)
		: accumulateFloatByGroup(answers, weights, groups, groupCount, positiveCodes);
}

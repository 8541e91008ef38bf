/**
 * Breakdowns of question estimates by a grouping variable (district, age
 * band…), with small-cell suppression.
 */
import { accumulateByGroup } from './accumulate';
import { AnalyticsInputError } from './errors';
import { DEFAULT_POSITIVE_CODES, estimateFromSums, type EstimateOptions, type QuestionEstimate } from './estimates';
import { answerAt, type AnswerArray, type DimensionColumn, type ResponseMatrix } from './matrix';

/** Default minimum number of respondents per published cell. */
export const DEFAULT_MIN_CELL_N = 30;

export interface BreakdownOptions extends Omit<EstimateOptions, 'populationSize'> {
	/** Cells with fewer respondents who answered are suppressed (default 30). */
	readonly minN?: number;
	/** Optional population size per group (finite-population correction). */
	readonly populationSizes?: readonly (number | undefined)[];
}

/** One group's estimate, or null when suppressed. */
export interface BreakdownCell {
	readonly group: string;
	/** Respondents of the group who answered the question. */
	readonly n: number;
	readonly value: QuestionEstimate | null;
	readonly reason: 'suppressed' | null;
}

export interface QuestionBreakdown {
	readonly question: string;
	readonly groups: BreakdownCell[];
	/** Respondents who answered but have no value on the grouping variable. */
	readonly ungrouped: number;
}

/**
 * Estimates of one question for every group of a grouping variable, in one
 * pass. Groups with fewer than minN answers get value null and reason
 * 'suppressed'.
 */
export function breakdownQuestion(
	answers: AnswerArray,
	weights: Float64Array,
	grouping: DimensionColumn,
	opts: BreakdownOptions = {}
): BreakdownCell[] {
	const minN = opts.minN ?? DEFAULT_MIN_CELL_N;
	const codes = opts.positiveCodes ?? DEFAULT_POSITIVE_CODES;
	const sums = accumulateByGroup(answers, weights, grouping.codes, grouping.categories.length, codes);
	return sums.map((s, g) => {
		const group = grouping.categories[g] ?? String(g);
		if (s.n < minN) return { group, n: s.n, value: null, reason: 'suppressed' };
		const value = estimateFromSums(s, { z: opts.z, populationSize: opts.populationSizes?.[g] });
		return { group, n: s.n, value, reason: null };
	});
}

/** Count respondents who answered but whose group code is missing. */
function countUngrouped(answers: AnswerArray, grouping: DimensionColumn): number {
	let k = 0;
	for (let i = 0; i < answers.length; i++) {
		if ((grouping.codes[i] as number) < 0 && !Number.isNaN(answerAt(answers, i))) k++;
	}
	return k;
}

/**
 * Breakdowns of every question of a matrix by one of its dimensions.
 * @param groupBy name of the grouping dimension
 */
export function breakdownMatrix(
	matrix: ResponseMatrix,
	weights: Float64Array,
	groupBy: string,
	opts: BreakdownOptions = {}
): QuestionBreakdown[] {
	const grouping = matrix.dimensions.find((d) => d.name === groupBy);
	if (!grouping) throw new AnalyticsInputError(`unknown grouping variable "${groupBy}"`, { dimension: groupBy });
	return matrix.questions.map((q) => ({
		question: q.id,
		groups: breakdownQuestion(q.answers, weights, grouping, opts),
		ungrouped: countUngrouped(q.answers, grouping)
	}));
}

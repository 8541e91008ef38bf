/**
 * Survey-level pipeline on a columnar ResponseMatrix: rake to the margins,
 * then estimate every question (one pass per question).
 */
import { AnalyticsInputError } from './errors';
import { accumulate } from './accumulate';
import { DEFAULT_POSITIVE_CODES, estimateFromSums, type EstimateOptions, type QuestionEstimate } from './estimates';
import { validateMatrix, type ResponseMatrix } from './matrix';
import { rake, type RakeOptions, type RakeResult, type RakingDimension } from './raking';

/** Population shares per weighting dimension, in the order of its categories. */
export type SurveyMargins = Readonly<Record<string, ArrayLike<number>>>;

/** Estimates of one question, with its id. */
export interface QuestionResult extends QuestionEstimate {
	readonly question: string;
}

export interface SurveyAnalysis {
	readonly weighting: RakeResult;
	readonly questions: QuestionResult[];
}

export interface AnalyzeOptions {
	readonly rake?: RakeOptions;
	readonly estimates?: EstimateOptions;
}

/**
 * Weighting dimensions of a matrix for the given margins (every margin must
 * name a dimension of the matrix; other dimensions are not used).
 */
export function rakingDimensions(matrix: ResponseMatrix, margins: SurveyMargins): RakingDimension[] {
	return Object.keys(margins).map((name) => {
		const d = matrix.dimensions.find((x) => x.name === name);
		if (!d) throw new AnalyticsInputError(`no dimension "${name}" in the responses`, { dimension: name });
		return { name, categories: d.categories, codes: d.codes, targets: margins[name] as ArrayLike<number> };
	});
}

/** Rake the respondents of a matrix to the margins. */
export function weightMatrix(matrix: ResponseMatrix, margins: SurveyMargins, opts: RakeOptions = {}): RakeResult {
	return rake(matrix.n, rakingDimensions(matrix, margins), opts);
}

/** Estimates of every question of a matrix with the given weights. */
export function estimateMatrix(matrix: ResponseMatrix, weights: Float64Array, opts: EstimateOptions = {}): QuestionResult[] {
	if (weights.length !== matrix.n) {
		throw new AnalyticsInputError(`weights have length ${weights.length}, expected ${matrix.n}`);
	}
	const codes = opts.positiveCodes ?? DEFAULT_POSITIVE_CODES;
	return matrix.questions.map((q) => ({ question: q.id, ...estimateFromSums(accumulate(q.answers, weights, codes), opts) }));
}

/**
 * Validate the matrix, rake it to the margins and estimate every question.
 */
export function analyzeSurvey(matrix: ResponseMatrix, margins: SurveyMargins, opts: AnalyzeOptions = {}): SurveyAnalysis {
	validateMatrix(matrix);
	const weighting = weightMatrix(matrix, margins, opts.rake);
	return { weighting, questions: estimateMatrix(matrix, weighting.weights, opts.estimates) };
}

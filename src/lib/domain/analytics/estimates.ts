/**
 * Weighted estimates of one question with margins of error.
 *
 * Point estimates are ratio estimators Σw·y/Σw over respondents who answered
 * (NaN = missing / "don't know", excluded from every base). Margins use the
 * Kish approximation: MOE = z·sqrt(deff_q·V/n)·fpc, where n is the number of
 * respondents who answered, deff_q = n·Σw²/(Σw)² over those respondents,
 * V = p(1−p) for a proportion or the weighted variance Σw(y−ȳ)²/Σw for a mean,
 * and fpc = sqrt((N−n)/(N−1)) when a population size N is given.
 */
import { accumulate } from './accumulate';
import { accumulateHistogram, type Histogram } from './histogram';
import { HIST_SIZE, type QuestionSums } from './sums';
import { AnalyticsInputError } from './errors';
import type { AnswerArray } from './matrix';
import { deffFromSums } from './weights';

/** Default positive (top-2 box) codes of a 5-point scale. */
export const DEFAULT_POSITIVE_CODES: readonly number[] = [4, 5];
/** z value of a 95% two-sided normal interval. */
export const Z95 = 1.96;

export interface MarginOptions {
	/** Population size N for the finite-population correction (optional). */
	readonly populationSize?: number;
	/** Critical value (default 1.96). */
	readonly z?: number;
}

export interface EstimateOptions extends MarginOptions {
	/** Answer codes counted as positive (default [4, 5]). */
	readonly positiveCodes?: readonly number[];
}

/** Estimates of one question; null when nobody answered. */
export interface QuestionEstimate {
	/** Respondents who answered. */
	readonly n: number;
	readonly sumWeights: number;
	/** Kish design effect of the weights of those who answered. */
	readonly deff: number | null;
	/** n / deff. */
	readonly effectiveN: number | null;
	readonly mean: number | null;
	/** Weighted variance Σw(y − ȳ)²/Σw. */
	readonly variance: number | null;
	readonly meanMoe: number | null;
	/** Weighted share of positive answers (fraction 0..1). */
	readonly percentPositive: number | null;
	/** Margin of error of percentPositive (fraction). */
	readonly percentPositiveMoe: number | null;
}

/**
 * Finite-population correction sqrt((N − n)/(N − 1)); 1 when N is undefined.
 * Throws when N < n or N ≤ 1.
 */
export function finitePopulationCorrection(n: number, populationSize?: number): number {
	if (populationSize === undefined) return 1;
	if (!(populationSize >= n) || !(populationSize > 1)) {
		throw new AnalyticsInputError(`population size ${populationSize} is smaller than the sample size ${n}`);
	}
	return Math.sqrt((populationSize - n) / (populationSize - 1));
}

/** Margin of error z·sqrt(deff·variance/n)·fpc (NaN when n = 0). */
export function marginOfError(variance: number, n: number, deff: number, opts: MarginOptions = {}): number {
	if (n === 0) return Number.NaN;
	const z = opts.z ?? Z95;
	return z * Math.sqrt((deff * variance) / n) * finitePopulationCorrection(n, opts.populationSize);
}

/** Margin of error of a proportion p: z·sqrt(deff·p(1−p)/n)·fpc. */
export function proportionMoe(p: number, n: number, deff: number, opts: MarginOptions = {}): number {
	return marginOfError(p * (1 - p), n, deff, opts);
}

/** Weighted mean of accumulated sums (NaN when Σw = 0). */
export function meanOfSums(s: QuestionSums): number {
	return s.sumW > 0 ? s.shift + s.sumWD / s.sumW : Number.NaN;
}

/** Weighted variance Σw(y−ȳ)²/Σw of accumulated sums (NaN when Σw = 0). */
export function varianceOfSums(s: QuestionSums): number {
	if (!(s.sumW > 0)) return Number.NaN;
	const m = s.sumWD / s.sumW;
	return Math.max(0, s.sumWD2 / s.sumW - m * m);
}

/** Kish deff of the weights of respondents who answered. */
export function deffOfSums(s: { n: number; sumW: number; sumW2: number }): number {
	return deffFromSums(s.n, s.sumW, s.sumW2);
}

function orNull(x: number): number | null {
	return Number.isFinite(x) ? x : null;
}

/** Derive every estimate of a question from its accumulated sums. */
export function estimateFromSums(s: QuestionSums, opts: MarginOptions = {}): QuestionEstimate {
	const deff = deffOfSums(s);
	const mean = meanOfSums(s);
	const variance = varianceOfSums(s);
	const p = s.sumW > 0 ? s.sumWPositive / s.sumW : Number.NaN;
	return {
		n: s.n,
		sumWeights: s.sumW,
		deff: orNull(deff),
		effectiveN: orNull(s.n / deff),
		mean: orNull(mean),
		variance: orNull(variance),
		meanMoe: orNull(marginOfError(variance, s.n, deff, opts)),
		percentPositive: orNull(p),
		percentPositiveMoe: orNull(proportionMoe(p, s.n, deff, opts))
	};
}

/**
 * All estimates of one question in one pass over its answers.
 * @param answers answers (NaN = missing)
 * @param weights one weight per respondent
 */
export function estimateQuestion(answers: AnswerArray, weights: Float64Array, opts: EstimateOptions = {}): QuestionEstimate {
	return estimateFromSums(accumulate(answers, weights, opts.positiveCodes ?? DEFAULT_POSITIVE_CODES), opts);
}

/** Weighted mean Σw·y/Σw over answered values (NaN when none). */
export function weightedMean(answers: AnswerArray, weights: Float64Array): number {
	return meanOfSums(accumulate(answers, weights, []));
}

/**
 * Weighted share of positive answers among answered (NaN when none).
 * @param codes positive codes (default [4, 5])
 */
export function percentPositive(answers: AnswerArray, weights: Float64Array, codes: readonly number[] = DEFAULT_POSITIVE_CODES): number {
	const s = accumulate(answers, weights, codes);
	return s.sumW > 0 ? s.sumWPositive / s.sumW : Number.NaN;
}

/** One value of a distribution. */
export interface DistributionEntry {
	readonly value: number;
	readonly share: number;
}

/** Weighted share of each answered value (answered at least once), in increasing value order. */
export function distributionFromHistogram(h: Histogram): DistributionEntry[] {
	const entries: DistributionEntry[] = [];
	const share = (w: number) => (h.sumW > 0 ? w / h.sumW : Number.NaN);
	for (let v = 0; v < HIST_SIZE; v++) {
		if ((h.counts[v] as number) > 0) entries.push({ value: v, share: share(h.weights[v] as number) });
	}
	for (const [value, w] of h.other) entries.push({ value, share: share(w) });
	return entries.sort((a, b) => a.value - b.value);
}

/** Weighted distribution of the answers of one question. */
export function distribution(answers: AnswerArray, weights: Float64Array): DistributionEntry[] {
	return distributionFromHistogram(accumulateHistogram(answers, weights));
}

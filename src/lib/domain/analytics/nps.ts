/**
 * Net Promoter Score on a 0–10 scale with a design-effect-adjusted
 * standard error.
 *
 * Each respondent's score is s = +1 (promoter, 9–10), 0 (passive, 7–8) or
 * −1 (detractor, 0–6). NPS = 100·(P − D) = 100·mean(s), with P and D the
 * weighted shares of promoters and detractors among respondents who answered.
 * The weighted variance of s is Var = (P + D) − (P − D)², and
 * SE = 100·sqrt(deff_q·Var/n), MOE = z·SE·fpc (Kish approximation).
 */
import { accumulateHistogram, type Histogram } from './histogram';
import { HIST_SIZE } from './sums';
import { AnalyticsInputError } from './errors';
import { deffOfSums, finitePopulationCorrection, Z95, type MarginOptions } from './estimates';
import type { AnswerArray } from './matrix';

export interface NpsEstimate {
	readonly n: number;
	/** Weighted share of promoters (9–10), fraction. */
	readonly promoters: number;
	/** Weighted share of detractors (0–6), fraction. */
	readonly detractors: number;
	/** NPS in points, −100..100. */
	readonly nps: number;
	/** Standard error in points. */
	readonly se: number;
	/** Margin of error in points (z·SE·fpc). */
	readonly moe: number;
	readonly deff: number;
}

/** Sum of histogram weights for integer values lo..hi inclusive. */
function histRange(h: Histogram, lo: number, hi: number): number {
	let t = 0;
	for (let v = lo; v <= hi; v++) t += h.weights[v] as number;
	return t;
}

/** First answer off the 0–10 scale, if any (zero-weight answers included). */
function offScale(h: Histogram): number | undefined {
	for (const v of h.other.keys()) return v;
	for (let v = 11; v < HIST_SIZE; v++) if ((h.counts[v] as number) > 0) return v;
	return undefined;
}

/**
 * NPS from a weighted histogram. Throws when an answer is not an integer 0..10
 * or when nobody answered.
 * @param question question id used in error messages
 */
export function npsFromHistogram(s: Histogram, opts: MarginOptions = {}, question = 'question'): NpsEstimate {
	if (s.n === 0 || !(s.sumW > 0)) throw new AnalyticsInputError(`${question}: no answers to compute an NPS`);
	const bad = offScale(s);
	if (bad !== undefined) throw new AnalyticsInputError(`${question}: answer ${bad} is not on the 0–10 NPS scale`);
	const promoters = histRange(s, 9, 10) / s.sumW;
	const detractors = histRange(s, 0, 6) / s.sumW;
	const mean = promoters - detractors;
	const variance = Math.max(0, promoters + detractors - mean * mean);
	const deff = deffOfSums(s);
	const se = 100 * Math.sqrt((deff * variance) / s.n);
	const moe = (opts.z ?? Z95) * se * finitePopulationCorrection(s.n, opts.populationSize);
	return { n: s.n, promoters, detractors, nps: 100 * mean, se, moe, deff };
}

/**
 * Net Promoter Score of a 0–10 question.
 * @param answers answers (NaN = missing)
 * @param weights one weight per respondent
 */
export function nps(answers: AnswerArray, weights: Float64Array, opts: MarginOptions = {}): NpsEstimate {
	return npsFromHistogram(accumulateHistogram(answers, weights), opts);
}

/**
 * The results report of one survey from its matrix: per question unweighted and weighted
 * estimates, NPS for 0–10 questions, comparison with the previous cycle (BH FDR flags),
 * highest / lowest questions. Pure: the service loads the data and the weights.
 */
import { compareProportions, rankQuestions, type ComparisonFlag } from '../analytics/compare';
import { estimateQuestion, type QuestionEstimate } from '../analytics/estimates';
import { nps } from '../analytics/nps';
import type { ResponseMatrix } from '../analytics/matrix';
import { uniformWeights } from '../analytics/weights';
import type { ScoredQuestion } from './matrix';

export interface Estimate {
	readonly n: number;
	readonly mean: number | null;
	readonly meanMoe: number | null;
	readonly percentPositive: number | null;
	readonly moe: number | null;
	readonly deff: number | null;
	readonly effectiveN: number | null;
}

export interface NpsResult {
	readonly nps: number;
	readonly moe: number;
	readonly promoters: number;
	readonly detractors: number;
}

export interface PreviousResult {
	readonly surveyId: string;
	readonly title: string;
	readonly percentPositive: number;
	readonly n: number;
	readonly deff: number;
}

export interface Comparison {
	readonly flag: ComparisonFlag;
	readonly difference: number;
	readonly pValue: number;
	readonly adjustedPValue: number | null;
	readonly significant: boolean;
	/** The flag in words, e.g. "Higher than last cycle (64% vs 58%, significant after FDR control)". */
	readonly reason: string;
}

export interface QuestionReport {
	readonly key: string;
	readonly type: ScoredQuestion['type'];
	readonly text: string;
	readonly focusArea: string;
	readonly unweighted: Estimate;
	readonly weighted: Estimate;
	readonly nps: NpsResult | null;
	readonly previous: PreviousResult | null;
	readonly comparison: Comparison | null;
}

function pick(e: QuestionEstimate): Estimate {
	return {
		n: e.n,
		mean: e.mean,
		meanMoe: e.meanMoe,
		percentPositive: e.percentPositive,
		moe: e.percentPositiveMoe,
		deff: e.deff,
		effectiveN: e.effectiveN
	};
}

const pct = (p: number) => `${Math.round(p * 100)}%`;

/** A comparison flag in words. */
export function flagReason(flag: ComparisonFlag, current: number, previous: number, significant: boolean): string {
	const figures = `${pct(current)} vs ${pct(previous)}`;
	if (flag === 'too few responses') return `Too few responses to compare with last cycle (${figures})`;
	if (flag === 'similar') return `Similar to last cycle (${figures}, no significant difference after FDR control)`;
	const word = flag === 'much higher' ? 'Much higher' : flag === 'higher' ? 'Higher' : flag === 'much lower' ? 'Much lower' : 'Lower';
	return `${word} than last cycle (${figures}${significant ? ', significant after FDR control' : ''})`;
}

/** Estimates of every scored question, with comparisons to `previous` (by question key). */
export function buildReport(
	matrix: ResponseMatrix,
	scored: readonly ScoredQuestion[],
	weights: Float64Array | null,
	previous: ReadonlyMap<string, PreviousResult>
): { questions: QuestionReport[]; highest: string[]; lowest: string[] } {
	const ones = uniformWeights(matrix.n);
	const w = weights ?? ones;
	const base = scored.map((q, i) => {
		const answers = matrix.questions[i]!.answers;
		const opts = { positiveCodes: q.positiveCodes };
		const weighted = pick(estimateQuestion(answers, w, opts));
		const score = q.type === 'nps' && weighted.n > 0 ? nps(answers, w) : null;
		return {
			key: q.key,
			type: q.type,
			text: q.text,
			focusArea: q.focusArea,
			unweighted: pick(estimateQuestion(answers, ones, opts)),
			weighted,
			nps: score ? { nps: score.nps, moe: score.moe, promoters: score.promoters, detractors: score.detractors } : null,
			previous: previous.get(q.key) ?? null
		};
	});
	const comparable = base.filter((q) => q.previous && q.weighted.percentPositive !== null && q.weighted.n > 0);
	const results = compareProportions(
		comparable.map((q) => ({
			question: q.key,
			current: { p: q.weighted.percentPositive as number, n: q.weighted.n, deff: q.weighted.deff ?? 1 },
			reference: { p: q.previous!.percentPositive, n: q.previous!.n, deff: q.previous!.deff }
		}))
	);
	const byKey = new Map(results.map((r) => [r.question, r]));
	const questions = base.map((q): QuestionReport => {
		const r = byKey.get(q.key);
		const comparison: Comparison | null =
			r && q.previous
				? {
						flag: r.flag,
						difference: r.difference,
						pValue: r.pValue,
						adjustedPValue: r.adjustedPValue,
						significant: r.significant,
						reason: flagReason(r.flag, q.weighted.percentPositive as number, q.previous.percentPositive, r.significant)
					}
				: null;
		return { ...q, comparison };
	});
	const ranked = rankQuestions(
		questions.map((q) => ({ question: q.key, percentPositive: q.weighted.n > 0 ? q.weighted.percentPositive : null })),
		3
	);
	return { questions, highest: ranked.highest.map((x) => x.question), lowest: ranked.lowest.map((x) => x.question) };
}

/**
 * "Add to plan" from a survey result: the goal's evidence (which survey question, its score,
 * margin and gaps, as the server computed them when the goal was made), the prefilled draft of
 * the goal, and the input the form or the API sends.
 */
import { z } from 'zod';

/** The evidence a goal made from a result keeps (stored as JSON in the goal's `evidence`). */
export interface ResultEvidence {
	kind: 'survey_result';
	surveyId: string;
	surveyTitle: string;
	questionKey: string;
	questionText: string;
	/** percent positive, 0–100, one decimal; null when the question has no positive share */
	score: number | null;
	/** 95 % margin of error in percentage points */
	moe: number | null;
	n: number;
	previous: { surveyTitle: string; score: number } | null;
	/** score − previous score, in points */
	gapPrevious: number | null;
	benchmark: number | null;
	/** score − benchmark, in points */
	gapBenchmark: number | null;
}

const pct = (p: number | null | undefined): number | null =>
	typeof p === 'number' && Number.isFinite(p) ? Math.round(p * 1000) / 10 : null;
const points = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((a - b) * 10) / 10);

/** Builds the evidence from a question's estimates (proportions as fractions 0–1). */
export function resultEvidence(input: {
	surveyId: string;
	surveyTitle: string;
	questionKey: string;
	questionText: string;
	percentPositive: number | null;
	moe: number | null;
	n: number;
	previous: { surveyTitle: string; percentPositive: number } | null;
	benchmark: number | null;
}): ResultEvidence {
	const score = pct(input.percentPositive);
	const previous = input.previous ? { surveyTitle: input.previous.surveyTitle, score: pct(input.previous.percentPositive)! } : null;
	const benchmark = pct(input.benchmark);
	return {
		kind: 'survey_result',
		surveyId: input.surveyId,
		surveyTitle: input.surveyTitle,
		questionKey: input.questionKey,
		questionText: input.questionText,
		score,
		moe: pct(input.moe),
		n: input.n,
		previous,
		gapPrevious: points(score, previous?.score ?? null),
		benchmark,
		gapBenchmark: points(score, benchmark)
	};
}

export function encodeEvidence(e: ResultEvidence): string {
	return JSON.stringify(e);
}

/** The evidence of a goal, or null for free text and anything malformed. */
export function parseEvidence(s: string | null): ResultEvidence | null {
	if (!s || !s.startsWith('{')) return null;
	try {
		const v = JSON.parse(s) as Partial<ResultEvidence>;
		return v && v.kind === 'survey_result' && typeof v.surveyId === 'string' && typeof v.questionKey === 'string'
			? (v as ResultEvidence)
			: null;
	} catch {
		return null;
	}
}

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x)}`;

/** One line for people: "42% positive (±4.1 points, n = 380) · −6 points vs last cycle · −8 vs benchmark". */
export function evidenceSummary(e: ResultEvidence): string {
	const parts = [
		e.score === null ? `n = ${e.n}` : `${e.score}% positive${e.moe !== null ? ` (±${e.moe} points, n = ${e.n})` : ` (n = ${e.n})`}`
	];
	if (e.gapPrevious !== null) parts.push(`${signed(e.gapPrevious)} points vs last cycle`);
	if (e.gapBenchmark !== null) parts.push(`${signed(e.gapBenchmark)} points vs benchmark`);
	return parts.join(' · ');
}

/** The prefilled goal: improve the question's score to at least the benchmark or 5 points more. */
export function goalDraft(e: ResultEvidence, due: string): { title: string; baseline: number | null; target: number | null; due: string } {
	const text = e.questionText.trim().replace(/[?.!:]+$/, '');
	const title = `Improve “${text.length > 150 ? `${text.slice(0, 149)}…` : text}”`;
	const target =
		e.score === null ? null : Math.min(100, Math.max(Math.round((e.score + 5) * 10) / 10, e.benchmark !== null ? e.benchmark : 0));
	return { title, baseline: e.score, target, due };
}

const optionalNumber = (field: string) =>
	z
		.union([z.number(), z.string()])
		.optional()
		.nullable()
		.transform((v, ctx) => {
			if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
			const n = typeof v === 'number' ? v : Number(v.trim());
			if (!Number.isFinite(n)) {
				ctx.addIssue({ code: 'custom', message: `Enter a number for the ${field}.` });
				return z.NEVER;
			}
			return n;
		});

/** What "add to plan" sends (form fields or JSON). */
export const goalFromResultInput = z.object({
	surveyId: z.string().trim().min(1, 'Choose the survey.').max(100),
	questionKey: z.string().trim().min(1, 'Choose the question.').max(100),
	title: z.string().trim().min(1, 'Give the goal a title.').max(200, 'Keep the title under 200 characters.'),
	baseline: optionalNumber('baseline'),
	target: optionalNumber('target'),
	due: z
		.string()
		.trim()
		.optional()
		.nullable()
		.transform((v) => (v ? v : null))
		.refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), 'Enter the due date as YYYY-MM-DD.'),
	focusAreaId: z
		.string()
		.trim()
		.optional()
		.nullable()
		.transform((v) => (v ? v : null))
});
export type GoalFromResultInput = z.output<typeof goalFromResultInput>;

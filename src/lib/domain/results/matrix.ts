/**
 * Stored survey answers → columnar ResponseMatrix for the statistics core.
 * Rating (1–5) and NPS (0–10) questions become Uint8Array columns ("don't know" and blanks are
 * missing, 255); demographic and district questions become weighting dimensions (option codes
 * as categories, -1 = missing).
 */
import { allocateCodes, MISSING_CODE, MISSING_U8, type ResponseMatrix } from '../analytics/matrix';
import type { Question } from '../surveys/questionnaire';

export type ScoredType = 'rating5' | 'nps';

/** A question the results report estimates. */
export interface ScoredQuestion {
	readonly key: string;
	readonly type: ScoredType;
	readonly text: string;
	readonly focusArea: string;
	/** Codes counted as positive: top-2 box (4–5, or 9–10 on 0–10). */
	readonly positiveCodes: readonly number[];
}

/** A weighting dimension and its categories (option codes). */
export interface DimensionSpec {
	readonly name: string;
	readonly categories: readonly string[];
	readonly labels: readonly string[];
	readonly questionKey: string;
}

export const POSITIVE_CODES: Record<ScoredType, readonly number[]> = { rating5: [4, 5], nps: [9, 10] };

/** The weighting dimension a question feeds ('district' or its demographic dimension), if any. */
export function weightingDimension(q: Question): string | undefined {
	if (q.type === 'district') return 'district';
	if (q.type === 'demographic') return q.dimension;
	return undefined;
}

/** Scored questions and weighting dimensions of a questionnaire, in document order. */
export function matrixLayout(questions: readonly Question[]): { scored: ScoredQuestion[]; dimensions: DimensionSpec[] } {
	const scored: ScoredQuestion[] = [];
	const dimensions: DimensionSpec[] = [];
	for (const q of questions) {
		if (q.type === 'rating5' || q.type === 'nps') {
			scored.push({
				key: q.key,
				type: q.type,
				text: q.text.en,
				focusArea: q.focusArea ?? 'General',
				positiveCodes: POSITIVE_CODES[q.type]
			});
		}
		const dim = weightingDimension(q);
		if (dim && (q.type === 'district' || q.type === 'demographic') && !dimensions.some((d) => d.name === dim)) {
			dimensions.push({
				name: dim,
				categories: q.options.map((o) => o.code),
				labels: q.options.map((o) => o.label.en),
				questionKey: q.key
			});
		}
	}
	return { scored, dimensions };
}

/** A stored rating/NPS answer as a scale point, or null ("dk", blank, off the scale). */
export function scalePoint(value: unknown, type: ScoredType): number | null {
	const x = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
	const [lo, hi] = type === 'rating5' ? [1, 5] : [0, 10];
	return Number.isInteger(x) && x >= lo && x <= hi ? x : null;
}

/** Build the matrix from answer objects (question key → stored value). */
export function buildMatrix(
	layout: { scored: readonly ScoredQuestion[]; dimensions: readonly DimensionSpec[] },
	rows: readonly Readonly<Record<string, unknown>>[]
): ResponseMatrix {
	const n = rows.length;
	const questions = layout.scored.map((q) => {
		const answers = new Uint8Array(n).fill(MISSING_U8);
		rows.forEach((r, i) => {
			const p = scalePoint(r[q.key], q.type);
			if (p !== null) answers[i] = p;
		});
		return { id: q.key, answers };
	});
	const dimensions = layout.dimensions.map((d) => {
		const codes = allocateCodes(n, d.categories.length);
		const index = new Map(d.categories.map((c, i) => [c, i]));
		rows.forEach((r, i) => {
			const v = r[d.questionKey];
			codes[i] = typeof v === 'string' ? (index.get(v) ?? MISSING_CODE) : MISSING_CODE;
		});
		return { name: d.name, categories: d.categories, codes };
	});
	return { n, questions, dimensions };
}

/**
 * The phone view of a survey's results: one card per focus area and "the three things that
 * changed most". Pure: takes the question reports the results service already computed.
 *
 * - A card's headline is the focus area's lead question (its first question in the
 *   questionnaire that has an estimate): percent positive, margin of error and the flag against
 *   the previous cycle. The area's other questions follow in smaller type. (A focus-area average
 *   would need its own margin from the respondents' data; the lead question's is exact.)
 * - "Changed most": questions whose difference from the previous cycle is significant after the
 *   survey's FDR control, largest absolute difference first (ties: questionnaire order), at most
 *   three, each in words ("Parks maintenance: up 8 points since Community survey 2025 (58% → 66%)").
 */
import type { ComparisonFlag } from '../analytics/compare';
import type { QuestionReport } from './report';

export interface PhoneFigure {
	readonly key: string;
	readonly text: string;
	/** Weighted percent positive as a whole percent, or null when nobody answered. */
	readonly percent: number | null;
	/** ± margin of error in percentage points (rounded to one decimal). */
	readonly margin: number | null;
	readonly n: number;
	readonly flag: ComparisonFlag | null;
	/** The flag in words (the comparison's reason), or null without a previous cycle. */
	readonly reason: string | null;
}

export interface PhoneCard {
	readonly focusArea: string;
	readonly lead: PhoneFigure;
	readonly others: PhoneFigure[];
}

export interface PhoneChange {
	readonly key: string;
	readonly text: string;
	readonly direction: 'up' | 'down';
	/** Absolute difference in percentage points (rounded). */
	readonly points: number;
	readonly sentence: string;
}

export interface PhoneView {
	readonly cards: PhoneCard[];
	readonly changes: PhoneChange[];
}

type Input = Pick<QuestionReport, 'key' | 'text' | 'focusArea' | 'weighted' | 'previous' | 'comparison'>;

const round1 = (x: number) => Math.round(x * 10) / 10;

function figure(q: Input): PhoneFigure {
	const e = q.weighted;
	const has = e.n > 0 && e.percentPositive !== null;
	return {
		key: q.key,
		text: q.text,
		percent: has ? Math.round((e.percentPositive as number) * 100) : null,
		margin: has && e.moe !== null ? round1(e.moe * 100) : null,
		n: e.n,
		flag: q.comparison?.flag ?? null,
		reason: q.comparison?.reason ?? null
	};
}

/** Cards in the order focus areas first appear; questions without any answer come last. */
export function phoneCards(questions: readonly Input[]): PhoneCard[] {
	const areas = new Map<string, Input[]>();
	for (const q of questions) {
		const list = areas.get(q.focusArea) ?? [];
		list.push(q);
		areas.set(q.focusArea, list);
	}
	return [...areas.entries()].map(([focusArea, qs]) => {
		const figures = qs.map(figure);
		const leadIndex = Math.max(
			0,
			figures.findIndex((f) => f.percent !== null)
		);
		return { focusArea, lead: figures[leadIndex]!, others: figures.filter((_, i) => i !== leadIndex) };
	});
}

/** The (at most `k`) significant changes from the previous cycle, largest first, in words. */
export function topChanges(questions: readonly Input[], k = 3): PhoneChange[] {
	return questions
		.map((q, order) => ({ q, order }))
		.filter(({ q }) => q.comparison?.significant && q.previous && q.weighted.percentPositive !== null)
		.sort((a, b) => Math.abs(b.q.comparison!.difference) - Math.abs(a.q.comparison!.difference) || a.order - b.order)
		.slice(0, k)
		.map(({ q }) => {
			const now = Math.round((q.weighted.percentPositive as number) * 100);
			const before = Math.round(q.previous!.percentPositive * 100);
			const diff = q.comparison!.difference;
			const direction = diff > 0 ? 'up' : 'down';
			// The figures shown, so the sentence adds up (58% → 66% is "8 points").
			const points = Math.abs(now - before);
			return {
				key: q.key,
				text: q.text,
				direction,
				points,
				sentence: `${q.text}: ${direction} ${points} ${points === 1 ? 'point' : 'points'} since ${q.previous!.title} (${before}% → ${now}%)`
			};
		});
}

export function phoneView(questions: readonly Input[]): PhoneView {
	return { cards: phoneCards(questions), changes: topChanges(questions) };
}

import { describe, expect, it } from 'vitest';
import type { ComparisonFlag } from '../analytics/compare';
import { phoneCards, phoneView, topChanges } from './phone';

const PREV = { surveyId: 'p', title: 'Community survey 2025', n: 1500, deff: 1.2 };

function q(
	key: string,
	focusArea: string,
	p: number | null,
	opts: { prev?: number; diff?: number; sig?: boolean; flag?: ComparisonFlag; n?: number } = {}
) {
	const n = opts.n ?? (p === null ? 0 : 300);
	return {
		key,
		text: `Question ${key}`,
		focusArea,
		weighted: { n, mean: null, meanMoe: null, percentPositive: p, moe: p === null ? null : 0.0567, deff: 1.1, effectiveN: n / 1.1 },
		previous: opts.prev === undefined ? null : { ...PREV, percentPositive: opts.prev },
		comparison:
			opts.prev === undefined
				? null
				: {
						flag: opts.flag ?? (opts.sig ? 'higher' : 'similar'),
						difference: opts.diff ?? (p as number) - opts.prev,
						pValue: 0.01,
						adjustedPValue: 0.02,
						significant: !!opts.sig,
						reason: `reason ${key}`
					}
	};
}

describe('phoneCards', () => {
	it('makes one card per focus area in questionnaire order, the first answered question as the headline', () => {
		const cards = phoneCards([
			q('a', 'Safety', 0.62, { prev: 0.55, sig: true, flag: 'higher' }),
			q('b', 'Streets', null),
			q('c', 'Safety', 0.4),
			q('d', 'Streets', 0.333)
		]);
		expect(cards.map((c) => c.focusArea)).toEqual(['Safety', 'Streets']);
		expect(cards[0]!.lead).toEqual({
			key: 'a',
			text: 'Question a',
			percent: 62,
			margin: 5.7,
			n: 300,
			flag: 'higher',
			reason: 'reason a'
		});
		expect(cards[0]!.others.map((f) => f.key)).toEqual(['c']);
		expect(cards[0]!.others[0]!.flag).toBeNull();
		// Streets: "b" has no answers, so "d" leads and "b" follows without figures.
		expect(cards[1]!.lead).toMatchObject({ key: 'd', percent: 33 });
		expect(cards[1]!.others[0]).toMatchObject({ key: 'b', percent: null, margin: null, n: 0 });
	});
});

describe('topChanges', () => {
	it('keeps the three largest significant differences, in words, largest first', () => {
		const qs = [
			q('a', 'X', 0.66, { prev: 0.58, sig: true }), // +8
			q('b', 'X', 0.4, { prev: 0.52, sig: true, flag: 'much lower' }), // −12
			q('c', 'X', 0.7, { prev: 0.5, sig: false }), // +20 but not significant
			q('d', 'X', 0.61, { prev: 0.56, sig: true }), // +5
			q('e', 'X', 0.3, { prev: 0.33, sig: true, flag: 'lower' }), // −3
			q('f', 'X', 0.5) // no previous cycle
		];
		const changes = topChanges(qs);
		expect(changes.map((c) => c.key)).toEqual(['b', 'a', 'd']);
		expect(changes[0]).toEqual({
			key: 'b',
			text: 'Question b',
			direction: 'down',
			points: 12,
			sentence: 'Question b: down 12 points since Community survey 2025 (52% → 40%)'
		});
		expect(changes[1]!.sentence).toBe('Question a: up 8 points since Community survey 2025 (58% → 66%)');
	});

	it('breaks ties by questionnaire order, says "point" for one, and is empty without significant changes', () => {
		const tie = topChanges([q('a', 'X', 0.51, { prev: 0.5, sig: true }), q('b', 'X', 0.49, { prev: 0.5, sig: true, flag: 'lower' })], 3);
		expect(tie.map((c) => c.key)).toEqual(['a', 'b']);
		expect(tie[0]!.sentence).toBe('Question a: up 1 point since Community survey 2025 (50% → 51%)');
		expect(topChanges([q('a', 'X', 0.7, { prev: 0.5, sig: false }), q('b', 'X', 0.5)])).toEqual([]);
	});

	it('phoneView bundles both', () => {
		const v = phoneView([q('a', 'X', 0.66, { prev: 0.58, sig: true })]);
		expect(v.cards).toHaveLength(1);
		expect(v.changes).toHaveLength(1);
	});
});

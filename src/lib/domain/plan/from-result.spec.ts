import { describe, expect, it } from 'vitest';
import { parse } from '../validation';
import { encodeEvidence, evidenceSummary, goalDraft, goalFromResultInput, parseEvidence, resultEvidence } from './from-result';

const base = {
	surveyId: 's1',
	surveyTitle: 'Streets 2025',
	questionKey: 'roads',
	questionText: 'Condition of the streets?',
	percentPositive: 0.3,
	moe: 0.0412,
	n: 380,
	previous: { surveyTitle: 'Streets 2024', percentPositive: 0.7 },
	benchmark: 0.45
};

describe('add to plan: evidence from a result', () => {
	it('keeps the score, margin and gaps in percentage points, one decimal', () => {
		const e = resultEvidence(base);
		expect(e).toMatchObject({ score: 30, moe: 4.1, previous: { score: 70 }, gapPrevious: -40, benchmark: 45, gapBenchmark: -15 });
		expect(evidenceSummary(e)).toBe('30% positive (±4.1 points, n = 380) · −40 points vs last cycle · −15 points vs benchmark');
		expect(parseEvidence(encodeEvidence(e))).toEqual(e);
	});

	it('leaves gaps out when there is nothing to compare with', () => {
		const e = resultEvidence({ ...base, previous: null, benchmark: null, percentPositive: null, moe: null });
		expect(e).toMatchObject({ score: null, gapPrevious: null, gapBenchmark: null });
		expect(evidenceSummary(e)).toBe('n = 380');
	});

	it('reads free text and malformed evidence as no evidence', () => {
		expect(parseEvidence(null)).toBeNull();
		expect(parseEvidence('See the council minutes')).toBeNull();
		expect(parseEvidence('{not json')).toBeNull();
		expect(parseEvidence('{"kind":"other"}')).toBeNull();
	});

	it('prefills the goal: the score as baseline, at least the benchmark or five points more as target', () => {
		expect(goalDraft(resultEvidence(base), '2026-12-31')).toEqual({
			title: 'Improve “Condition of the streets”',
			baseline: 30,
			target: 45,
			due: '2026-12-31'
		});
		expect(goalDraft(resultEvidence({ ...base, benchmark: null, percentPositive: 0.98 }), '2026-12-31').target).toBe(100);
		expect(goalDraft(resultEvidence({ ...base, benchmark: null }), '2026-12-31').target).toBe(35);
	});

	it('validates the form, naming each bad field; blanks are no value', () => {
		expect(parse(goalFromResultInput, { surveyId: 's', questionKey: 'q', title: ' Goal ', baseline: '', target: '45.5', due: '' })).toEqual(
			{
				surveyId: 's',
				questionKey: 'q',
				title: 'Goal',
				baseline: null,
				target: 45.5,
				due: null,
				focusAreaId: null
			}
		);
		try {
			parse(goalFromResultInput, { surveyId: 's', questionKey: 'q', title: '', target: 'lots', due: '2026-13-45' });
			expect.unreachable();
		} catch (e) {
			expect(Object.keys((e as { fields: Record<string, string> }).fields).sort()).toEqual(['due', 'target', 'title']);
		}
	});
});

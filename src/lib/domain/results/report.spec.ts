import { describe, expect, it } from 'vitest';
import { buildReport, flagReason } from './report';
import type { ScoredQuestion } from './matrix';

const scored: ScoredQuestion[] = [
	{ key: 'a', type: 'rating5', text: 'A', focusArea: 'X', positiveCodes: [4, 5] },
	{ key: 'b', type: 'nps', text: 'B', focusArea: 'X', positiveCodes: [9, 10] }
];

function matrix(a: number[], b: number[]) {
	return {
		n: a.length,
		questions: [
			{ id: 'a', answers: Uint8Array.from(a) },
			{ id: 'b', answers: Uint8Array.from(b) }
		],
		dimensions: []
	};
}

describe('buildReport', () => {
	it('computes weighted mean, percent positive, MOE with deff, and NPS', () => {
		const m = matrix([5, 4, 1, 255], [10, 9, 0, 7]);
		const w = Float64Array.from([2, 1, 1, 0.5]);
		const r = buildReport(m, scored, w, new Map());
		const a = r.questions[0]!;
		expect(a.unweighted.n).toBe(3);
		expect(a.unweighted.percentPositive).toBeCloseTo(2 / 3, 12);
		expect(a.weighted.mean).toBeCloseTo((10 + 4 + 1) / 4, 12);
		const p = 3 / 4;
		const deff = (3 * (4 + 1 + 1)) / 16;
		expect(a.weighted.deff).toBeCloseTo(deff, 12);
		expect(a.weighted.moe).toBeCloseTo(1.96 * Math.sqrt((deff * p * (1 - p)) / 3), 12);
		const b = r.questions[1]!;
		expect(b.nps!.nps).toBeCloseTo((100 * (3 - 1)) / 4.5, 9);
		expect(r.highest[0]).toBe('a');
		expect(a.comparison).toBeNull();
	});

	it('compares with the previous cycle and explains the flag', () => {
		const n = 400;
		const a = Array.from({ length: n }, (_, i) => (i < 0.64 * n ? 5 : 2));
		const r = buildReport(
			matrix(
				a,
				a.map(() => 10)
			),
			scored,
			null,
			new Map([['a', { surveyId: 'p', title: 'Last', percentPositive: 0.5, n, deff: 1 }]])
		);
		const c = r.questions[0]!.comparison!;
		expect(c.flag).toBe('much higher');
		expect(c.significant).toBe(true);
		expect(c.reason).toBe('Much higher than last cycle (64% vs 50%, significant after FDR control)');
	});
});

describe('flagReason', () => {
	it('words each flag', () => {
		expect(flagReason('higher', 0.64, 0.58, true)).toBe('Higher than last cycle (64% vs 58%, significant after FDR control)');
		expect(flagReason('similar', 0.6, 0.58, false)).toMatch(/^Similar to last cycle/);
	});
});

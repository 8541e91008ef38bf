import { describe, expect, it } from 'vitest';
import { analyzeSurvey, estimateMatrix, rakingDimensions, weightMatrix } from './survey';
import type { ResponseMatrix } from './matrix';

const NaN_ = Number.NaN;

/** The 4-respondent hand case of the README as a matrix. */
const matrix: ResponseMatrix = {
	n: 4,
	questions: [
		{ id: 'q1', answers: Float64Array.from([5, 3, 4, NaN_]) },
		{ id: 'q2', answers: Float32Array.from([1, 1, 5, 5]) }
	],
	dimensions: [
		{ name: 'A', categories: ['1', '2'], codes: Int8Array.from([0, 0, 1, 1]) },
		{ name: 'B', categories: ['1', '2'], codes: Int8Array.from([0, 1, 1, 1]) },
		{ name: 'district', categories: ['x'], codes: Int8Array.from([0, 0, 0, 0]) }
	]
};
const margins = { A: [0.6, 0.4], B: [0.5, 0.5] };

describe('analyzeSurvey', () => {
	it('rakes then estimates every question (hand-computed)', () => {
		const r = analyzeSurvey(matrix, margins);
		expect(Array.from(r.weighting.weights)).toEqual([2, 0.4, 0.8, 0.8].map((x) => expect.closeTo(x, 6)));
		const [q1, q2] = r.questions;
		expect(q1?.question).toBe('q1');
		expect(q1?.mean).toBeCloseTo(4.5, 6);
		expect(q1?.percentPositive).toBeCloseTo(0.875, 6);
		expect(q1?.deff).toBeCloseTo(1.40625, 6);
		// q2: positive = respondents 3 and 4 (weights 0.8 + 0.8) of Σw = 4.
		expect(q2?.percentPositive).toBeCloseTo(0.4, 6);
		expect(q2?.mean).toBeCloseTo((2 * 1 + 0.4 * 1 + 1.6 * 5) / 4, 6);
		expect(q2?.deff).toBeCloseTo(1.36, 6);
	});

	it('only weights on the dimensions named in the margins', () => {
		expect(rakingDimensions(matrix, margins).map((d) => d.name)).toEqual(['A', 'B']);
		expect(weightMatrix(matrix, {}).weights).toEqual(Float64Array.from([1, 1, 1, 1]));
	});

	it('rejects margins for an unknown dimension and weights of the wrong length', () => {
		expect(() => analyzeSurvey(matrix, { age: [1] })).toThrow('no dimension "age" in the responses');
		expect(() => estimateMatrix(matrix, new Float64Array(3))).toThrow(/length 3, expected 4/);
	});

	it('passes estimate options through', () => {
		const r = analyzeSurvey(matrix, margins, { estimates: { positiveCodes: [1] }, rake: { tolerance: 1e-12 } });
		expect(r.questions[1]?.percentPositive).toBeCloseTo(0.6, 6);
	});
});

import { describe, expect, it } from 'vitest';
import { breakdownMatrix, breakdownQuestion } from './breakdown';
import { estimateQuestion } from './estimates';
import type { DimensionColumn, ResponseMatrix } from './matrix';

const NaN_ = Number.NaN;

describe('breakdownQuestion', () => {
	// Group A: hand case (weights 2, 0.4, 0.8, 0.8; answers 5, 3, 4, missing); group B: 2 answers; 1 ungrouped.
	const y = Float64Array.from([5, 3, 4, NaN_, 1, 2, 5]);
	const w = Float64Array.from([2, 0.4, 0.8, 0.8, 1, 1, 1]);
	const grouping: DimensionColumn = { name: 'district', categories: ['A', 'B', 'C'], codes: Int8Array.from([0, 0, 0, 0, 1, 1, -1]) };

	it('gives each group the same estimates as computed on its own respondents', () => {
		const cells = breakdownQuestion(y, w, grouping, { minN: 1 });
		expect(cells.map((c) => [c.group, c.n, c.reason])).toEqual([
			['A', 3, null],
			['B', 2, null],
			['C', 0, 'suppressed']
		]);
		const a = cells[0]?.value;
		expect(a?.mean).toBeCloseTo(4.5, 12);
		expect(a?.percentPositive).toBeCloseTo(0.875, 12);
		expect(a?.percentPositiveMoe).toBeCloseTo(1.96 * Math.sqrt((1.40625 * 0.875 * 0.125) / 3), 12);
		expect(cells[1]?.value).toEqual(estimateQuestion(Float64Array.from([1, 2]), Float64Array.from([1, 1])));
	});

	it('suppresses cells under the minimum n (default 30)', () => {
		const cells = breakdownQuestion(y, w, grouping);
		expect(cells.every((c) => c.value === null && c.reason === 'suppressed')).toBe(true);
		const three = breakdownQuestion(y, w, grouping, { minN: 3 });
		expect(three.map((c) => c.reason)).toEqual([null, 'suppressed', 'suppressed']);
	});

	it('applies per-group population sizes', () => {
		const cells = breakdownQuestion(y, w, grouping, { minN: 1, populationSizes: [10] });
		const plain = breakdownQuestion(y, w, grouping, { minN: 1 });
		expect(cells[0]?.value?.meanMoe).toBeCloseTo((plain[0]?.value?.meanMoe as number) * Math.sqrt(7 / 9), 12);
		expect(cells[1]?.value?.meanMoe).toBe(plain[1]?.value?.meanMoe);
	});
});

describe('breakdownMatrix', () => {
	const matrix: ResponseMatrix = {
		n: 4,
		questions: [
			{ id: 'q1', answers: Float64Array.from([1, 2, 3, 4]) },
			{ id: 'q2', answers: Float64Array.from([5, NaN_, 5, 1]) }
		],
		dimensions: [{ name: 'age', categories: ['young', 'old'], codes: Int8Array.from([0, 0, 1, -1]) }]
	};

	it('breaks every question down and counts ungrouped answers', () => {
		const r = breakdownMatrix(matrix, new Float64Array(4).fill(1), 'age', { minN: 1 });
		expect(r.map((q) => q.question)).toEqual(['q1', 'q2']);
		expect(r[0]?.groups[0]?.value?.mean).toBe(1.5);
		expect(r[0]?.ungrouped).toBe(1);
		expect(r[1]?.groups[0]?.n).toBe(1);
	});

	it('works the same on Uint8Array answers', () => {
		const u8: ResponseMatrix = { ...matrix, questions: [{ id: 'q2', answers: Uint8Array.from([5, 255, 5, 1]) }] };
		const r = breakdownMatrix(u8, new Float64Array(4).fill(1), 'age', { minN: 1 });
		expect(r[0]?.groups[0]?.n).toBe(1);
		expect(r[0]?.ungrouped).toBe(1);
		expect(r[0]?.groups[1]?.value?.percentPositive).toBe(1);
	});

	it('rejects an unknown grouping variable', () => {
		expect(() => breakdownMatrix(matrix, new Float64Array(4), 'zone')).toThrow('unknown grouping variable "zone"');
	});
});

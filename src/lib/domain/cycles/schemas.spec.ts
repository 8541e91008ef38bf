import { describe, expect, it } from 'vitest';
import { createCycleInput, kpiInput, progressInput, readingInput } from './schemas';

describe('cycle and KPI inputs', () => {
	it('accepts a cycle and normalises checkbox lists and an empty owner', () => {
		const r = createCycleInput.parse({
			name: ' Spring ',
			kind: 'benchmarking',
			periodStart: '2025-01-01',
			periodEnd: '2025-03-31',
			ownerId: '',
			focusAreaIds: 'fa1'
		});
		expect(r).toEqual({
			name: 'Spring',
			kind: 'benchmarking',
			periodStart: '2025-01-01',
			periodEnd: '2025-03-31',
			ownerId: null,
			focusAreaIds: ['fa1']
		});
	});

	it('refuses impossible dates and an end before the start, naming the field', () => {
		const bad = createCycleInput.safeParse({ name: 'x', kind: 'benchmarking', periodStart: '2025-02-30', periodEnd: '2025-01-01' });
		expect(bad.success).toBe(false);
		expect(bad.error?.issues.map((i) => i.path.join('.'))).toContain('periodStart');
		const reversed = createCycleInput.safeParse({ name: 'x', kind: 'benchmarking', periodStart: '2025-03-01', periodEnd: '2025-01-01' });
		expect(reversed.error?.issues.map((i) => i.path.join('.'))).toEqual(['periodEnd']);
	});

	it('reads KPI numbers from form strings (decimal comma too) and keeps the survey source for later', () => {
		const k = kpiInput.parse({
			name: 'Calls',
			direction: 'higher',
			baseline: '71,5',
			target: '90',
			targetDate: '2026-01-01',
			source: 'survey_question',
			sourceRef: 'q7'
		});
		expect(k).toMatchObject({
			baseline: 71.5,
			target: 90,
			baselineDate: null,
			source: 'survey_question',
			sourceRef: 'q7',
			ownerId: null,
			focusAreaId: null
		});
		expect(readingInput.safeParse({ date: '2025-01-01', value: 'n/a' }).success).toBe(false);
	});
});

describe('progress input', () => {
	it('needs a note, a status or a percentage; percentages are whole numbers 0–100', () => {
		expect(progressInput.safeParse({}).success).toBe(false);
		expect(progressInput.parse({ progress: '40' })).toEqual({ note: '', status: null, progress: 40, location: null });
		expect(progressInput.safeParse({ progress: 101 }).success).toBe(false);
		expect(progressInput.safeParse({ progress: 2.5 }).success).toBe(false);
		expect(progressInput.safeParse({ status: 'finished' }).success).toBe(false);
		expect(progressInput.parse({ note: 'ok', location: { latitude: 41.9, longitude: -87.6 } }).location).toEqual({
			latitude: 41.9,
			longitude: -87.6,
			accuracy: null
		});
		expect(progressInput.safeParse({ note: 'x', location: { latitude: 91, longitude: 0 } }).success).toBe(false);
	});
});

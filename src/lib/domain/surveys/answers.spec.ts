import { describe, expect, it } from 'vitest';
import { matches, validateAnswers, visibleQuestions } from './answers';
import { questionnaire, type Questionnaire } from './questionnaire';
import { SATISFACTION } from './library';

const L = (en: string) => ({ en, es: `${en} (es)` });
const q: Questionnaire = questionnaire.parse({
	title: L('Test'),
	sections: [
		{
			id: 'core',
			kind: 'core',
			title: L('Core'),
			questions: [
				{ key: 'overall', type: 'rating5', text: L('Overall'), labels: SATISFACTION, dontKnow: true, required: true },
				{ key: 'fix', type: 'long_text', text: L('Fix first?'), required: true, showIf: { key: 'overall', op: 'lte', value: 2 } },
				{
					key: 'fix_area',
					type: 'single',
					text: L('Area?'),
					options: [
						{ code: 'roads', label: L('Roads') },
						{ code: 'parks', label: L('Parks') }
					],
					showIf: { key: 'overall', op: 'lte', value: 2 }
				},
				{ key: 'fix_more', type: 'short_text', text: L('More?'), showIf: { key: 'fix_area', op: 'eq', value: 'roads' } },
				{ key: 'nps', type: 'nps', text: L('Recommend'), lowLabel: L('no'), highLabel: L('yes') },
				{
					key: 'mode',
					type: 'single',
					text: L('Mode'),
					options: [
						{ code: 'car', label: L('Car') },
						{ code: 'bus', label: L('Bus') }
					]
				},
				{
					key: 'parks',
					type: 'multiple',
					text: L('Parks'),
					options: [
						{ code: 'a', label: L('A') },
						{ code: 'b', label: L('B') }
					]
				},
				{ key: 'kids', type: 'number', text: L('Kids'), min: 0, max: 12 },
				{
					key: 'district',
					type: 'district',
					text: L('District'),
					options: [
						{ code: 'D1', label: L('Downtown') },
						{ code: 'D2', label: L('River') }
					]
				},
				{
					key: 'age',
					type: 'demographic',
					dimension: 'age_band',
					text: L('Age'),
					options: [
						{ code: '18-34', label: L('18–34') },
						{ code: '35+', label: L('35+') }
					]
				},
				{ key: 'bus_why', type: 'short_text', text: L('Why bus?'), showIf: { key: 'mode', op: 'in', value: ['bus'] } }
			]
		}
	]
});

describe('branching', () => {
	it('shows a follow-up only when the earlier answer matches, and cascades hiding', () => {
		expect(visibleQuestions(q, { overall: 4 }).map((x) => x.key)).not.toContain('fix');
		expect(visibleQuestions(q, { overall: 2 }).map((x) => x.key)).toContain('fix');
		expect(visibleQuestions(q, { overall: 'dk' }).map((x) => x.key)).not.toContain('fix');
		// fix_more depends on fix_area, hidden when overall is 5: hidden too, whatever fix_area says.
		expect(visibleQuestions(q, { overall: 5, fix_area: 'roads' }).map((x) => x.key)).not.toContain('fix_more');
		expect(visibleQuestions(q, { overall: 1, fix_area: 'roads' }).map((x) => x.key)).toContain('fix_more');
	});
	it('evaluates each operator', () => {
		expect(matches({ key: 'a', op: 'eq', value: 'bus' }, 'bus')).toBe(true);
		expect(matches({ key: 'a', op: 'eq', value: 'bus' }, ['car', 'bus'])).toBe(true);
		expect(matches({ key: 'a', op: 'neq', value: 'bus' }, 'car')).toBe(true);
		expect(matches({ key: 'a', op: 'in', value: ['x', 3] }, 3)).toBe(true);
		expect(matches({ key: 'a', op: 'gte', value: 9 }, 10)).toBe(true);
		expect(matches({ key: 'a', op: 'lte', value: 2 }, 'dk')).toBe(false);
		expect(matches({ key: 'a', op: 'eq', value: 'x' }, undefined)).toBe(false);
	});
});

describe('validateAnswers', () => {
	const ok = { overall: 3 };
	it('accepts a valid response of every type', () => {
		const r = validateAnswers(q, {
			overall: 1,
			fix: ' potholes ',
			nps: 10,
			mode: 'bus',
			parks: ['a', 'b', 'a'],
			kids: 2,
			district: 'D2',
			age: '35+',
			bus_why: 'cheap'
		});
		expect(r.errors).toEqual({});
		expect(r.answers.fix).toBe('potholes');
		expect(r.answers.parks).toEqual(['a', 'b']);
	});
	it.each([
		['overall', 6],
		['overall', '3'],
		['nps', 11],
		['nps', 2.5],
		['mode', 'train'],
		['parks', ['a', 'z']],
		['parks', 'a'],
		['kids', 13],
		['kids', 1.5],
		['kids', 'two'],
		['district', 'D9'],
		['age', 'old'],
		['fix_more', 42],
		['fix_area', ['roads']]
	])('refuses %s = %j, naming the key in both languages', (key, value) => {
		const r = validateAnswers(q, { overall: 1, fix: 'y', fix_area: 'roads', [key]: value });
		expect(r.ok).toBe(false);
		expect(r.errors[key]?.en).toBeTruthy();
		expect(r.errors[key]?.es).toBeTruthy();
	});
	it('requires a question only when it is visible', () => {
		expect(validateAnswers(q, ok).ok).toBe(true);
		expect(validateAnswers(q, { overall: 2 }).errors.fix?.en).toMatch(/needs an answer/);
		expect(validateAnswers(q, {}).errors.overall?.es).toMatch(/necesita/);
		expect(validateAnswers(q, { overall: 2, fix: '   ' }).errors.fix).toBeDefined();
	});
	it("drops hidden questions' answers", () => {
		const r = validateAnswers(q, { overall: 5, fix: 'should vanish', fix_area: 'roads', fix_more: 'also', mode: 'car', bus_why: 'gone' });
		expect(r.ok).toBe(true);
		expect(r.answers).toEqual({ overall: 5, mode: 'car' });
	});
	it('accepts "don\'t know" only where offered, and refuses unknown keys', () => {
		expect(validateAnswers(q, { overall: 'dk' }).ok).toBe(true);
		expect(validateAnswers(q, { overall: 3, nps: 'dk' }).errors.nps).toBeDefined();
		expect(validateAnswers(q, { overall: 3, injected: 1 }).errors.injected).toBeDefined();
	});
});

import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { addQuestion, addSection, moveQuestion, removeQuestion, removeSection, updateQuestion } from './edit';
import { questionFromForm, questionToForm } from './edit-form';
import { starterQuestionnaire } from './library';
import { allQuestions } from './questionnaire';

const base = starterQuestionnaire('community', { en: 'S', es: 'S' }, []);
const code = (f: () => unknown) => {
	try {
		f();
	} catch (e) {
		return isAppError(e) ? e.code : 'other';
	}
	return 'none';
};

describe('draft editing (pure)', () => {
	it('adds, updates, moves and removes questions without touching the input', () => {
		const q1 = addQuestion(base, 'services', { key: 'water', type: 'short_text', text: { en: 'Water?', es: '¿Agua?' } }, 0);
		expect(q1.sections[0]!.questions[0]!.key).toBe('water');
		expect(allQuestions(base).some((x) => x.key === 'water')).toBe(false);
		const q2 = moveQuestion(q1, 'water', 1);
		expect(q2.sections[0]!.questions[1]!.key).toBe('water');
		const q3 = updateQuestion(q2, 'overall_services', { ...q2.sections[0]!.questions[0]!, key: 'overall' });
		// The follow-up's condition follows the renamed key.
		expect(allQuestions(q3).find((x) => x.key === 'fix_first')!.showIf!.key).toBe('overall');
		expect(allQuestions(removeQuestion(q3, 'water')).some((x) => x.key === 'water')).toBe(false);
	});
	it('refuses duplicate keys, dangling conditions and follow-ups above their trigger', () => {
		expect(code(() => addQuestion(base, 'services', { key: 'safety_day', type: 'short_text', text: { en: 'x', es: 'x' } }))).toBe(
			'survey.invalid_edit'
		);
		expect(code(() => removeQuestion(base, 'overall_services'))).toBe('survey.invalid_edit');
		// A follow-up may move up, across the section boundary, until it sits just below its trigger.
		let q = base;
		for (let i = 0; i < 6; i++) q = moveQuestion(q, 'fix_first', -1);
		expect(q.sections[0]!.questions.map((x) => x.key).slice(0, 2)).toEqual(['overall_services', 'fix_first']);
		expect(code(() => moveQuestion(q, 'fix_first', -1))).toBe('survey.invalid_edit');
		expect(code(() => addQuestion(base, 'nope', { key: 'x', type: 'short_text', text: { en: 'x', es: 'x' } }))).toBe('survey.invalid_edit');
		expect(code(() => addQuestion(base, 'services', { key: 'x', type: 'short_text', text: { en: 'x', es: '' } }))).toBe(
			'survey.invalid_edit'
		);
	});
	it('adds and removes sections', () => {
		const q = addSection(base, { id: 'extra', kind: 'addon', title: { en: 'Extra', es: 'Extra' } });
		expect(q.sections.at(-1)!.id).toBe('extra');
		expect(removeSection(q, 'extra').sections.length).toBe(base.sections.length);
		expect(code(() => removeSection(base, 'services'))).toBe('survey.invalid_edit');
	});
	it('round-trips a question through the editor form', () => {
		for (const q of allQuestions(starterQuestionnaire('community', { en: 'S', es: 'S' }, [{ code: 'D1', label: { en: 'A', es: 'A' } }]))) {
			const back = questionFromForm(questionToForm(q), q.type === 'district' ? q.options : []);
			expect(back).toMatchObject(JSON.parse(JSON.stringify(q)));
		}
	});
});

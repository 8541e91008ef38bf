import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { applyOp, editOp } from './edit-ops';
import { blankQuestionnaire, findQuestion } from './questionnaire';

const districts = [
	{ code: 'N', label: { en: 'North', es: 'Norte' } },
	{ code: 'S', label: { en: 'South', es: 'Sur' } }
];
const blank = blankQuestionnaire({ en: 'Survey', es: 'Encuesta' });
const op = (input: Record<string, string>) => editOp.parse({ ...input, fields: input });
const failure = (f: () => unknown) => {
	try {
		f();
	} catch (e) {
		return isAppError(e) ? e.message : 'other';
	}
	return 'none';
};

describe('editor operations (shared by the forms and the live editor)', () => {
	it('adds a question from the form fields, then renames it', () => {
		const q1 = applyOp(
			blank,
			op({ op: 'saveQuestion', originalKey: '', sectionId: 'core', key: 'where', type: 'district', text_en: 'Where?', text_es: '¿Dónde?' }),
			districts
		);
		expect(findQuestion(q1, 'where')).toMatchObject({ type: 'district', options: districts });
		const q2 = applyOp(
			q1,
			op({
				op: 'saveQuestion',
				originalKey: 'where',
				sectionId: 'core',
				key: 'home',
				type: 'district',
				text_en: 'Home?',
				text_es: '¿Casa?'
			}),
			districts
		);
		expect(findQuestion(q2, 'where')).toBeUndefined();
		expect(findQuestion(q2, 'home')!.text).toEqual({ en: 'Home?', es: '¿Casa?' });
	});

	it('adds a library question, dropping a condition on a question the draft lacks', () => {
		const q = applyOp(blank, op({ op: 'addLibrary', sectionId: 'core', key: 'fix_first' }), districts);
		expect(findQuestion(q, 'fix_first')!.showIf).toBeUndefined();
		expect(failure(() => applyOp(blank, op({ op: 'addLibrary', sectionId: 'core', key: 'nope' }), districts))).toBe(
			'"nope" is not in the library.'
		);
	});

	it('sets the title in both languages and clears an empty introduction', () => {
		const withIntro = applyOp(blank, op({ op: 'meta', title_en: 'Parks', title_es: 'Parques', intro_en: 'Hi', intro_es: 'Hola' }), []);
		expect(withIntro.intro).toEqual({ en: 'Hi', es: 'Hola' });
		const cleared = applyOp(withIntro, op({ op: 'meta', title_en: 'Parks', title_es: 'Parques', intro_en: '', intro_es: '' }), []);
		expect(cleared.title).toEqual({ en: 'Parks', es: 'Parques' });
		expect(cleared.intro).toBeUndefined();
		expect(failure(() => applyOp(blank, op({ op: 'meta', title_en: 'Parks', title_es: '', intro_en: '', intro_es: '' }), []))).toBe(
			'Spanish text is required.'
		);
	});
});

import { describe, expect, it } from 'vitest';
import { coerceFormValue, decodeCarry, pageQuestions, progress, step, visibleSections } from './flow';
import { starterQuestionnaire } from './library';
import { findQuestion } from './questionnaire';

const q = starterQuestionnaire('community', { en: 'City', es: 'Ciudad' }, [{ code: 'D1', label: { en: 'Downtown', es: 'Centro' } }]);
const ratings = { overall_services: 4, safety_day: 4, safety_night: 3, streets_condition: 2, parks_maintenance: 5, trash_collection: 4 };

describe('resident flow (one page per section)', () => {
	it('skips the follow-up section unless its condition holds', () => {
		expect(visibleSections(q, ratings)).toEqual([0, 2]);
		expect(visibleSections(q, { ...ratings, overall_services: 1 })).toEqual([0, 1, 2]);
		expect(progress(q, 2, ratings)).toEqual({ current: 2, total: 2, last: true });
	});
	it('moves forward, back, and stays with messages on an invalid page', () => {
		const next = step(q, 0, {}, { ...ratings, overall_services: 2 }, 'next');
		expect(next).toMatchObject({ index: 1, done: false });
		// The follow-up is optional: an empty page moves on.
		const onward = step(q, 1, next.answers, {}, 'next');
		expect(onward.index).toBe(2);
		expect(onward.errors).toEqual({});
		const back = step(q, 1, next.answers, { fix_first: 'lights' }, 'back');
		expect(back.index).toBe(0);
		expect(back.answers.fix_first).toBe('lights');
		const bad = step(q, 0, {}, { overall_services: 9 }, 'next');
		expect(bad.index).toBe(0);
		expect(bad.errors.overall_services?.es).toBeTruthy();
	});
	it('finishes on the last page with only visible answers kept', () => {
		const first = step(q, 0, {}, ratings, 'next');
		const done = step(q, 2, { ...first.answers, fix_first: 'stale' }, { district: 'D1' }, 'submit');
		expect(done.done).toBe(true);
		expect(done.answers).toEqual({ ...ratings, district: 'D1' });
	});
	it('renders same-page follow-ups for no-JS use, marked live', () => {
		const exp = starterQuestionnaire('experience', { en: 'X', es: 'X' }, []);
		const items = pageQuestions(exp, 0, {});
		expect(items.find((i) => i.question.key === 'csat_comment')).toMatchObject({ shown: false, live: true });
		expect(pageQuestions(exp, 0, { csat: 2 }).find((i) => i.question.key === 'csat_comment')!.shown).toBe(true);
	});
	it('coerces form strings by question type and ignores a tampered carry', () => {
		expect(coerceFormValue(findQuestion(q, 'overall_services')!, ['4'])).toBe(4);
		expect(coerceFormValue(findQuestion(q, 'overall_services')!, ['dk'])).toBe('dk');
		expect(coerceFormValue(findQuestion(q, 'fix_first')!, ['  '])).toBeUndefined();
		expect(decodeCarry('{"a":1,"b":["x"],"c":{"evil":true},"d":[1]}')).toEqual({ a: 1, b: ['x'] });
		expect(decodeCarry('not json')).toEqual({});
	});
});

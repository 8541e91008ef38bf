import { describe, expect, it } from 'vitest';
import { starterQuestionnaire } from './library';
import { findQuestion } from './questionnaire';
import { answerToCell, autoMap, cellToAnswer, exportQuestions, neutralizeCell } from './tabular';

const q = starterQuestionnaire('community', { en: 'City', es: 'Ciudad' }, [{ code: 'D1', label: { en: 'Downtown', es: 'Centro' } }]);
const rating = findQuestion(q, 'overall_services')!;
const age = findQuestion(q, 'age_band')!;

describe('tabular', () => {
	it.each([
		['=HYPERLINK("x")', `'=HYPERLINK("x")`],
		['+1+1', `'+1+1`],
		['-2+3', `'-2+3`],
		['@SUM(A1)', `'@SUM(A1)`],
		['\tx', `'\tx`],
		['\rx', `'\rx`],
		['-3', '-3'],
		['4.5', '4.5'],
		['plain', 'plain']
	])('neutralizes %j', (input, out) => expect(neutralizeCell(input)).toBe(out));
	it('writes labels or codes', () => {
		expect(answerToCell(rating, 5, 'labels')).toBe('Very satisfied');
		expect(answerToCell(rating, 5, 'labels', 'es')).toBe('Muy satisfecho');
		expect(answerToCell(rating, 'dk', 'labels')).toBe("Don't know");
		expect(answerToCell(rating, 5, 'codes')).toBe('5');
		expect(answerToCell(age, '65+', 'labels')).toBe('65 or older');
	});
	it('reads codes or labels in either language', () => {
		expect(cellToAnswer(rating, 'Muy satisfecho')).toBe(5);
		expect(cellToAnswer(rating, ' 3 ')).toBe(3);
		expect(cellToAnswer(rating, 'No sé')).toBe('dk');
		expect(cellToAnswer(age, '65 o más')).toBe('65+');
		expect(cellToAnswer(age, 'unknown')).toBe('unknown');
		expect(cellToAnswer(age, '')).toBeUndefined();
	});
	it('maps headers to keys and keeps every key of every version', () => {
		expect(autoMap(['OVERALL_SERVICES', 'row_id', 'district'], q)).toEqual({ OVERALL_SERVICES: 'overall_services', district: 'district' });
		const v2 = starterQuestionnaire('experience', { en: 'X', es: 'X' }, []);
		expect(
			exportQuestions([q, v2])
				.map((x) => x.key)
				.slice(0, 2)
		).toEqual(['csat', 'effort']);
		expect(exportQuestions([q, v2]).some((x) => x.key === 'trash_collection')).toBe(true);
	});
});

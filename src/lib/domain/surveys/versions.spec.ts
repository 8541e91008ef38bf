import { describe, expect, it } from 'vitest';
import { addQuestion, moveQuestion, removeQuestion, updateQuestion } from './edit';
import { starterQuestionnaire } from './library';
import { copyQuestionnaire, diffVersions, isSameVersion } from './versions';

const v1 = starterQuestionnaire('community', { en: 'City survey', es: 'Encuesta' }, [
	{ code: 'D1', label: { en: 'Downtown', es: 'Centro' } }
]);

describe('diffVersions', () => {
	it('reports nothing between a version and its copy', () => {
		const copy = copyQuestionnaire(v1);
		expect(isSameVersion(diffVersions(v1, copy))).toBe(true);
		copy.sections[0]!.questions[0]!.text.en = 'mutated';
		expect(v1.sections[0]!.questions[0]!.text.en).not.toBe('mutated');
	});
	it('names added, removed, changed and moved questions', () => {
		let v2 = addQuestion(v1, 'services', {
			key: 'library_hours',
			type: 'short_text',
			text: { en: 'Hours?', es: '¿Horario?' },
			required: false
		});
		v2 = removeQuestion(v2, 'trash_collection');
		const parks = v2.sections[0]!.questions.find((q) => q.key === 'parks_maintenance')!;
		v2 = updateQuestion(v2, 'parks_maintenance', { ...parks, required: true, text: { en: 'Parks upkeep', es: 'Parques' } });
		v2 = moveQuestion(v2, 'safety_night', -1);
		const d = diffVersions(v1, v2);
		expect(d.added).toEqual(['library_hours']);
		expect(d.removed).toEqual(['trash_collection']);
		expect(d.changed).toEqual([{ key: 'parks_maintenance', fields: ['required', 'text'] }]);
		expect(d.moved).toEqual(expect.arrayContaining(['safety_night', 'safety_day']));
	});
});

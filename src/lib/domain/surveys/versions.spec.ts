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
		expect(d.changed).toEqual([
			{
				key: 'parks_maintenance',
				fields: ['required', 'text'],
				details: ['now required', `text (en): “${parks.text.en}” → “Parks upkeep”`, `text (es): “${parks.text.es}” → “Parques”`]
			}
		]);
		expect(d.meta).toEqual([]);
		expect(d.moved).toEqual(expect.arrayContaining(['safety_night', 'safety_day']));
	});
	it('says which options and conditions changed, and questionnaire-level changes', () => {
		const visits = {
			key: 'visits',
			type: 'single' as const,
			text: { en: 'Visits?', es: '¿Visitas?' },
			required: false,
			options: [
				{ code: 'often', label: { en: 'Often', es: 'A menudo' } },
				{ code: 'rarely', label: { en: 'Rarely', es: 'Rara vez' } }
			]
		};
		const why = { key: 'why', type: 'short_text' as const, text: { en: 'Why?', es: '¿Por qué?' }, required: false };
		const a = addQuestion(addQuestion(v1, 'services', visits), 'services', {
			...why,
			showIf: { key: 'visits', op: 'eq', value: 'rarely' }
		});
		let b = updateQuestion(a, 'visits', {
			...visits,
			options: [
				{ code: 'often', label: { en: 'Very often', es: 'Muy a menudo' } },
				{ code: 'never', label: { en: 'Never', es: 'Nunca' } }
			]
		});
		b = updateQuestion(b, 'why', { ...why, showIf: { key: 'visits', op: 'in', value: ['never'] } });
		b = {
			...b,
			title: { en: 'City survey 2026', es: 'Encuesta' },
			sections: [...b.sections, { id: 'more', kind: 'addon', title: { en: 'More', es: 'Más' }, questions: [] }]
		};
		const d = diffVersions(a, b);
		expect(d.changed.find((c) => c.key === 'visits')!.details).toEqual([
			'options added: never',
			'options removed: rarely',
			'options relabelled: often'
		]);
		expect(d.changed.find((c) => c.key === 'why')!.details).toEqual(['condition: shown if visits eq rarely → shown if visits in never']);
		expect(d.meta).toEqual(['title (en): “City survey” → “City survey 2026”', 'section added: more']);
		expect(isSameVersion(d)).toBe(false);
	});
});

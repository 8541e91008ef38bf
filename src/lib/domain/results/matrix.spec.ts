import { describe, expect, it } from 'vitest';
import type { Question } from '../surveys/questionnaire';
import { buildMatrix, matrixLayout, scalePoint } from './matrix';

const L = (en: string) => ({ en, es: en });
const labels = [1, 2, 3, 4, 5].map((i) => L(String(i)));
const questions: Question[] = [
	{ key: 'overall', type: 'rating5', text: L('Overall'), labels, dontKnow: true, required: false, focusArea: 'Services' },
	{ key: 'recommend', type: 'nps', text: L('Recommend'), lowLabel: L('no'), highLabel: L('yes'), required: false },
	{ key: 'comment', type: 'short_text', text: L('Comment'), required: false },
	{
		key: 'age',
		type: 'demographic',
		dimension: 'age_band',
		text: L('Age'),
		required: false,
		options: [
			{ code: 'young', label: L('Young') },
			{ code: 'old', label: L('Old') }
		]
	},
	{ key: 'where', type: 'district', text: L('District'), required: false, options: [{ code: 'd1', label: L('One') }] }
];

describe('matrixLayout', () => {
	it('scores rating and NPS questions (top-2 box) and turns demographic and district questions into dimensions', () => {
		const l = matrixLayout(questions);
		expect(l.scored.map((q) => [q.key, q.focusArea, q.positiveCodes])).toEqual([
			['overall', 'Services', [4, 5]],
			['recommend', 'General', [9, 10]]
		]);
		expect(l.dimensions.map((d) => [d.name, d.categories])).toEqual([
			['age_band', ['young', 'old']],
			['district', ['d1']]
		]);
	});
});

describe('scalePoint', () => {
	it('treats "dk", blanks and off-scale answers as missing', () => {
		expect(scalePoint(4, 'rating5')).toBe(4);
		expect(scalePoint('5', 'rating5')).toBe(5);
		expect(scalePoint('dk', 'rating5')).toBeNull();
		expect(scalePoint('', 'rating5')).toBeNull();
		expect(scalePoint(0, 'rating5')).toBeNull();
		expect(scalePoint(0, 'nps')).toBe(0);
		expect(scalePoint(11, 'nps')).toBeNull();
	});
});

describe('buildMatrix', () => {
	it('builds Uint8 answer columns (255 = missing) and code columns (-1 = missing)', () => {
		const m = buildMatrix(matrixLayout(questions), [
			{ overall: 4, recommend: 10, age: 'old', where: 'd1' },
			{ overall: 'dk', age: 'young' },
			{ recommend: 3, age: 'unknown' }
		]);
		expect(m.n).toBe(3);
		expect([...m.questions[0]!.answers]).toEqual([4, 255, 255]);
		expect([...m.questions[1]!.answers]).toEqual([10, 255, 3]);
		expect([...m.dimensions[0]!.codes]).toEqual([1, 0, -1]);
		expect([...m.dimensions[1]!.codes]).toEqual([0, -1, -1]);
	});
});

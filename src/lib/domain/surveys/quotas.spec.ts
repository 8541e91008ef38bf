import { describe, expect, it } from 'vitest';
import { questionnaire, type Questionnaire } from './questionnaire';
import { checkQuotas, quotaDimensions, quotaProgress, quotaRowsFromForm } from './quotas';

const L = (en: string) => ({ en, es: `${en} (es)` });

const q: Questionnaire = questionnaire.parse({
	title: L('Community survey'),
	sections: [
		{
			id: 'core',
			kind: 'core',
			title: L('Core'),
			questions: [
				{ key: 'overall', type: 'rating5', text: L('Overall'), labels: [L('1'), L('2'), L('3'), L('4'), L('5')] },
				{
					key: 'district',
					type: 'district',
					text: L('Where do you live?'),
					options: [
						{ code: 'D1', label: L('Downtown') },
						{ code: 'D2', label: L('Riverside') }
					]
				},
				{
					key: 'age',
					type: 'demographic',
					dimension: 'age_band',
					text: L('Your age'),
					options: [
						{ code: '18-34', label: L('18–34') },
						{ code: '35-64', label: L('35–64') },
						{ code: '65+', label: L('65 or over') }
					]
				},
				{
					key: 'age_again',
					type: 'demographic',
					dimension: 'age_band',
					text: L('Age (again)'),
					options: [
						{ code: 'x', label: L('x') },
						{ code: 'y', label: L('y') }
					]
				}
			]
		}
	]
});

describe('quotaDimensions', () => {
	it('lists the district question and each demographic dimension once, first question first', () => {
		expect(quotaDimensions(q).map((d) => [d.dimension, d.key, d.options.map((o) => o.code)])).toEqual([
			['district', 'district', ['D1', 'D2']],
			['age_band', 'age', ['18-34', '35-64', '65+']]
		]);
	});
});

describe('checkQuotas', () => {
	it('accepts categories of the questionnaire with positive whole targets', () => {
		const r = checkQuotas(q, [
			{ dimension: 'district', cell: 'D1', target: 300 },
			{ dimension: 'age_band', cell: '18-34', target: '250' }
		]);
		expect(r).toEqual({
			ok: true,
			errors: {},
			quotas: [
				{ dimension: 'district', cell: 'D1', target: 300 },
				{ dimension: 'age_band', cell: '18-34', target: 250 }
			]
		});
	});

	it('names the field and what is wrong for each bad row', () => {
		const r = checkQuotas(q, [
			{ dimension: 'gender', cell: 'f', target: 10 },
			{ dimension: 'district', cell: 'D9', target: 10 },
			{ dimension: 'district', cell: 'D1', target: 0 },
			{ dimension: 'district', cell: 'D2', target: 2.5 },
			{ dimension: 'age_band', cell: '65+', target: '-3' },
			{ dimension: 'age_band', cell: '35-64', target: 'many' },
			{ dimension: 'district', cell: 'D1', target: 5 },
			{ dimension: 'district', cell: 'D1', target: 6 }
		]);
		expect(r.ok).toBe(false);
		expect(r.errors['quotas.0.dimension']).toMatch(/"gender" is not a district or demographic question.*district, age_band/);
		expect(r.errors['quotas.1.cell']).toMatch(/"D9" is not a category of district \(D1, D2\)/);
		expect(r.errors['quotas.2.target']).toMatch(/Target for district Downtown: use a whole number from 1/);
		expect(r.errors['quotas.3.target']).toMatch(/Target for district Riverside/);
		expect(r.errors['quotas.4.target']).toMatch(/age_band 65 or over/);
		expect(r.errors['quotas.5.target']).toMatch(/age_band 35–64/);
		expect(r.errors['quotas.6.cell']).toBeUndefined();
		expect(r.errors['quotas.7.cell']).toMatch(/district Downtown has a quota already/);
		expect(Object.keys(r.errors)).toHaveLength(7);
	});

	it('puts a form row’s error on its own field', () => {
		const rows = quotaRowsFromForm({ 'quota.district.D1': ' 12 ', 'quota.district.D2': '', 'quota.age_band.18-34': '0', title: 'x' });
		expect(rows).toEqual([
			{ dimension: 'district', cell: 'D1', target: '12', field: 'quota.district.D1' },
			{ dimension: 'age_band', cell: '18-34', target: '0', field: 'quota.age_band.18-34' }
		]);
		const r = checkQuotas(q, rows);
		expect(Object.keys(r.errors)).toEqual(['quota.age_band.18-34']);
	});

	it('refuses every quota when the questionnaire has no district or demographic question', () => {
		const plain = { sections: [{ ...q.sections[0]!, questions: [q.sections[0]!.questions[0]!] }] };
		expect(checkQuotas(plain, [{ dimension: 'district', cell: 'D1', target: 1 }]).errors['quotas.0.dimension']).toMatch(
			/add a district or demographic question first/
		);
	});
});

describe('quotaProgress', () => {
	const dims = quotaDimensions(q);
	it('counts each cell against its target, in questionnaire order, capped at 100 %', () => {
		const quotas = [
			{ dimension: 'age_band' as const, cell: '18-34', target: 250 },
			{ dimension: 'district' as const, cell: 'D2', target: 3 },
			{ dimension: 'district' as const, cell: 'D1', target: 300 }
		];
		const p = quotaProgress(quotas, dims, { district: { D1: 150, D2: 4 }, age_band: { '35-64': 9 } });
		expect(p.map((x) => [x.dimension, x.cell, x.label.en, x.count, x.target, x.percent, x.met])).toEqual([
			['district', 'D1', 'Downtown', 150, 300, 50, false],
			['district', 'D2', 'Riverside', 4, 3, 100, true],
			['age_band', '18-34', '18–34', 0, 250, 0, false]
		]);
	});

	it('is met exactly at the target and keeps a quota whose category was removed, last', () => {
		const p = quotaProgress(
			[
				{ dimension: 'gender', cell: 'f', target: 2 },
				{ dimension: 'district', cell: 'D1', target: 2 }
			],
			dims,
			{ district: { D1: 2 }, gender: { f: 1 } }
		);
		expect(p.map((x) => [x.cell, x.label.en, x.count, x.met])).toEqual([
			['D1', 'Downtown', 2, true],
			['f', 'f', 1, false]
		]);
	});
});

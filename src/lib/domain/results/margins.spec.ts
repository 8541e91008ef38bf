import { describe, expect, it } from 'vitest';
import { checkMargins, marginArrays, populationShares } from './margins';

const dims = [{ name: 'age_band', categories: ['young', 'old'], labels: ['Young', 'Old'], questionKey: 'age' }];

describe('checkMargins', () => {
	it('accepts shares summing to 1 and fills absent categories with 0', () => {
		const r = checkMargins({ age_band: { young: 1 } }, dims);
		expect(r).toEqual({ ok: true, margins: { age_band: { young: 1, old: 0 } } });
	});
	it('names the dimension whose shares do not sum to 1', () => {
		const r = checkMargins({ age_band: { young: 0.5, old: 0.4 } }, dims);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.age_band).toBe('"age_band" shares sum to 0.9, expected 1.');
	});
	it('names unknown dimensions and categories and bad shares', () => {
		const r = checkMargins({ income: { low: 1 }, age_band: { middle: 1 } }, dims);
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.errors.income).toMatch(/"income" is not a weighting dimension/);
			expect(r.errors.age_band).toBe('"age_band" has no category "middle".');
		}
		const neg = checkMargins({ age_band: { young: -0.5, old: 1.5 } }, dims);
		if (!neg.ok) expect(neg.errors.age_band).toMatch(/category "young" needs a share between 0 and 1/);
	});
});

describe('marginArrays', () => {
	it('orders shares like the categories', () => {
		expect(marginArrays({ age_band: { old: 0.7, young: 0.3 } }, dims)).toEqual({ age_band: [0.3, 0.7] });
	});
});

describe('populationShares', () => {
	it('turns district populations into shares, or nothing when one is unknown', () => {
		expect(
			populationShares([
				{ code: 'a', population: 300 },
				{ code: 'b', population: 100 }
			])
		).toEqual({ a: 0.75, b: 0.25 });
		expect(
			populationShares([
				{ code: 'a', population: 300 },
				{ code: 'b', population: null }
			])
		).toBeUndefined();
		expect(populationShares([])).toBeUndefined();
	});
});

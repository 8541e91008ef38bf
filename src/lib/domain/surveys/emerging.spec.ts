import { describe, expect, it } from 'vitest';
import { emergingTerms, recentWindow, twoProportionZ } from './emerging';

const rep = (text: string, n: number) => Array.from({ length: n }, () => text);
const FLOOD = ['Flooding again', 'The flooding is bad', 'More flooding today', 'flooding!', 'Flooding near us', 'Stop the flooding'];
/** 40 older answers: buses and trees, never flooding. */
const BASELINE = [...rep('Buses are late', 20), ...rep('More trees in the park', 20)];

describe('twoProportionZ', () => {
	it('matches the pooled two-proportion z computed by hand', () => {
		// p = 6/50 = 0.12; se = √(0.12·0.88·(1/10 + 1/40)) = √0.0132 = 0.114891; z = 0.6 / se.
		expect(twoProportionZ(6, 10, 0, 40)).toBeCloseTo(5.2223, 3);
		// p = 0.1; se = √(0.09·0.125) = 0.106066; z = (0.3 − 0.05) / se.
		expect(twoProportionZ(3, 10, 2, 40)).toBeCloseTo(2.357, 3);
		expect(twoProportionZ(0, 10, 0, 40)).toBe(0);
		expect(twoProportionZ(1, 0, 0, 40)).toBe(0);
	});
});

describe('emergingTerms', () => {
	it('uses the newest fifth, at most 50, as the recent window', () => {
		expect(recentWindow(50)).toBe(10);
		expect(recentWindow(51)).toBe(11);
		expect(recentWindow(1000)).toBe(50);
	});

	it('flags a term that rises from 0 of 40 to 6 of 10 recent answers', () => {
		const answers = [...FLOOD, ...rep('Buses are late', 4), ...BASELINE];
		const flags = emergingTerms(answers);
		expect(flags).toHaveLength(1);
		expect(flags[0]).toMatchObject({ term: 'flooding', word: 'flooding', recent: 6, recentTotal: 10, baseline: 0, baselineTotal: 40 });
		expect(flags[0]!.z).toBeCloseTo(5.2223, 3);
	});

	it('does not flag a term at its usual share', () => {
		// "bus" (from "buses"): 4 of 10 recent (40%) vs 20 of 40 before (50%).
		const answers = [...FLOOD, ...rep('Buses are late', 4), ...BASELINE];
		expect(emergingTerms(answers).map((f) => f.term)).not.toContain('buse');
		expect(emergingTerms(answers).map((f) => f.term)).not.toContain('late');
	});

	it('needs z ≥ 2.58: 3 of 10 recent vs 2 of 40 before (z ≈ 2.36) is not flagged; vs 0 of 40 (z ≈ 3.57) is', () => {
		const recent = ['Flooding again', 'The flooding is bad', 'More flooding today', ...rep('Buses are late', 7)];
		const withTwo = [...recent, ...rep('flooding', 2), ...BASELINE.slice(2)];
		expect(emergingTerms(withTwo)).toEqual([]);
		const withNone = [...recent, ...BASELINE];
		expect(emergingTerms(withNone).map((f) => [f.term, f.recent, Number(f.z.toFixed(3))])).toEqual([['flooding', 3, 3.573]]);
	});

	it('needs at least 3 recent mentions: 2 of 10 vs 0 of 40 (z ≈ 2.89) is not flagged', () => {
		const answers = ['Flooding again', 'The flooding is bad', ...rep('Buses are late', 8), ...BASELINE];
		expect(twoProportionZ(2, 10, 0, 40)).toBeCloseTo(2.887, 3);
		expect(emergingTerms(answers)).toEqual([]);
		expect(emergingTerms(answers, { minRecent: 2 }).map((f) => f.term)).toEqual(['flooding']);
	});

	it('flags nothing while the baseline is under 20 answers', () => {
		const answers = [...FLOOD, ...rep('Buses are late', 19)];
		expect(emergingTerms(answers, { recentSize: 6 })).toEqual([]);
		expect(emergingTerms([...answers, 'Buses are late'], { recentSize: 6 }).map((f) => f.term)).toEqual(['flooding']);
	});

	it('counts a term once per answer, folds accents and simple plurals (baches → bache), orders by z then term', () => {
		const recent = [
			'Inundación, inundación, inundación',
			'Inundación en la calle',
			'Otra inundación',
			'Baches y más baches',
			'Bache enorme',
			'Un bache',
			'Buses are late',
			'Buses are late',
			'Buses are late',
			'Buses are late'
		];
		const flags = emergingTerms([...recent, ...BASELINE]);
		expect(flags.map((f) => [f.term, f.recent, f.word])).toEqual([
			['bache', 3, 'bache'],
			['inundacion', 3, 'inundación']
		]);
		// Same counts → same z: ties by term.
		expect(flags[0]!.z).toBe(flags[1]!.z);
	});

	it('ignores blank answers', () => {
		expect(emergingTerms(['', '  ', ...FLOOD, ...rep('Buses are late', 4), ...BASELINE])[0]!.recentTotal).toBe(10);
	});
});

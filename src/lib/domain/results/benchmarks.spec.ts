import { describe, expect, it } from 'vitest';
import { benchmarkReason, compareBenchmarks, parseBenchmarkCsv, parseTarget, type BenchmarkValue } from './benchmarks';

const keys = ['overall', 'safety', 'streets'];

describe('parseBenchmarkCsv', () => {
	it('reads percents (any column order, optional n / moe / source) and takes the import source for blanks', () => {
		const r = parseBenchmarkCsv('Value,question_key,n,moe,source\n71,overall,1200,,\n64.5,safety,,3.1,Peer cities\n"58%",streets,,,\n', {
			questionKeys: keys,
			source: 'National 2025'
		});
		expect(r).toEqual({
			ok: true,
			values: [
				{ questionKey: 'overall', kind: 'external', source: 'National 2025', value: 0.71, n: 1200, moe: null },
				{ questionKey: 'safety', kind: 'external', source: 'Peer cities', value: 0.645, n: null, moe: 0.031 },
				{ questionKey: 'streets', kind: 'external', source: 'National 2025', value: 0.58, n: null, moe: null }
			]
		});
	});

	it('reads a file whose values all lie in [0, 1] as fractions (moe on the same scale)', () => {
		const r = parseBenchmarkCsv('question_key,value,moe\r\noverall,0.71,0.03\r\nsafety,1,\r\n', { questionKeys: keys, source: 'S' });
		expect(r.ok && r.values.map((v) => [v.value, v.moe])).toEqual([
			[0.71, 0.03],
			[1, null]
		]);
	});

	it('reports every bad line with its number and reason and returns nothing to store', () => {
		const csv = [
			'question_key,value,n,moe,source', // 1
			'overall,71,500,,Peer', // 2 good
			'parking,50,,,Peer', // 3 unknown key
			'safety,abc,,,Peer', // 4 not a number
			'streets,140,0,,Peer', // 5 out of range and n < 1
			'overall,60,,,Peer', // 6 duplicate for source
			'safety,60,,,', // 7 no source
			'streets,60,,,Target' // 8 reserved
		].join('\n');
		const r = parseBenchmarkCsv(csv, { questionKeys: keys });
		expect(r).toEqual({
			ok: false,
			errors: [
				{ line: 3, message: 'question_key "parking" is not a rating or 0–10 question of this survey' },
				{ line: 4, message: 'value "abc" is not a number' },
				{ line: 5, message: 'value "140" is outside 0–100 %; n "0" is not a whole number of at least 1' },
				{ line: 6, message: 'question_key "overall" appears twice for source "Peer"' },
				{ line: 7, message: 'no source: fill the source column or name the source for the import' },
				{ line: 8, message: '"Target" is reserved for targets' }
			]
		});
	});

	it('names a missing column, an empty file and a broken quote by line', () => {
		expect(parseBenchmarkCsv('question_key,score\noverall,5\n', { questionKeys: keys, source: 'S' })).toEqual({
			ok: false,
			errors: [{ line: 1, message: 'Missing column "value".' }]
		});
		expect(parseBenchmarkCsv('', { questionKeys: keys })).toEqual({
			ok: false,
			errors: [{ line: 1, message: 'The file is empty; the first line must name the columns.' }]
		});
		const q = parseBenchmarkCsv('question_key,value\noverall,5\nsafety,"6\n', { questionKeys: keys, source: 'S' });
		expect(q.ok === false && q.errors[0]!.line).toBe(3);
	});
});

describe('parseTarget', () => {
	it('reads a percent, blank as none, and refuses anything else', () => {
		expect(parseTarget(' 70 % ')).toEqual({ ok: true, value: 0.7 });
		expect(parseTarget('')).toEqual({ ok: true, value: null });
		expect(parseTarget('120').ok).toBe(false);
	});
});

const target = (questionKey: string, value: number): BenchmarkValue => ({
	questionKey,
	kind: 'target',
	source: 'Target',
	value,
	n: null,
	moe: null
});

describe('compareBenchmarks', () => {
	it('one-sample test against a target without n', () => {
		// p = 0.60, n = 100, deff 1 vs fixed 0.70: SE = sqrt(0.7·0.3/100) = 0.0458258, z = −2.18218,
		// two-sided p = 2·(1 − Φ(2.18218)) = 0.029096 (normal table). One comparison: BH-adjusted = p.
		const r = compareBenchmarks([{ key: 'overall', percentPositive: 0.6, n: 100, deff: 1 }], [target('overall', 0.7)]);
		const c = r.get('overall')![0]!;
		expect(c.test).toBe('one-sample');
		expect(c.pValue).toBeCloseTo(0.029096, 5);
		expect(c.adjustedPValue).toBeCloseTo(0.029096, 5);
		expect(c.flag).toBe('much lower');
		expect(c.reason).toBe('Much lower than the target: 60% vs 70%, difference larger than the margin of error by 10 points or more');
	});

	it('two-sample test with effective n and BH across the survey’s questions', () => {
		// Second question: p = 0.60, n = 800, deff 2 (n_eff 400) vs peer 0.65 with n = 400: pooled 0.625,
		// SE = sqrt(0.625·0.375·(1/400 + 1/400)) = 0.0342327, z = −1.46059, p = 0.144127.
		// BH over {0.029096, 0.144127}: adj(1) = min(2·0.029096/1, 0.144127) = 0.058192 > 0.05, so the
		// target comparison that was significant alone is "similar" in the family.
		const r = compareBenchmarks(
			[
				{ key: 'overall', percentPositive: 0.6, n: 100, deff: 1 },
				{ key: 'safety', percentPositive: 0.6, n: 800, deff: 2 }
			],
			[target('overall', 0.7), { questionKey: 'safety', kind: 'external', source: 'Peers', value: 0.65, n: 400, moe: null }]
		);
		const s = r.get('safety')![0]!;
		expect(s.test).toBe('two-sample');
		expect(s.pValue).toBeCloseTo(0.144127, 5);
		expect(s.flag).toBe('similar');
		expect(s.reason).toBe('Similar to Peers: 60% vs 65%, difference within the margin of error');
		const o = r.get('overall')![0]!;
		expect(o.adjustedPValue).toBeCloseTo(0.058192, 5);
		expect(o.flag).toBe('similar');
	});

	it('uses a margin of error when the benchmark has no n, and says too few responses under n_eff 30', () => {
		// p = 0.60, n = 400 vs 0.50 ± 0.03: SE = sqrt(0.24/400 + (0.03/1.96)²) = 0.0288838, z = 3.46215,
		// p = 0.000536 → significant, difference 0.10 → "much higher".
		const r = compareBenchmarks(
			[
				{ key: 'overall', percentPositive: 0.6, n: 400, deff: 1 },
				{ key: 'streets', percentPositive: 0.5, n: 40, deff: 2 }
			],
			[
				{ questionKey: 'overall', kind: 'external', source: 'Peers', value: 0.5, n: null, moe: 0.03 },
				target('streets', 0.8),
				target('unanswered', 0.5)
			]
		);
		const o = r.get('overall')![0]!;
		expect(o.test).toBe('benchmark');
		expect(o.pValue).toBeCloseTo(0.000536, 5);
		expect(o.flag).toBe('much higher');
		const s = r.get('streets')![0]!;
		expect(s.flag).toBe('too few responses');
		expect(s.reason).toBe('Too few responses to compare with the target (50% vs 80%)');
		expect(r.has('unanswered')).toBe(false);
	});

	it('words higher and lower', () => {
		expect(benchmarkReason('lower', 0.62, { kind: 'external', source: 'Peers', value: 0.71 })).toBe(
			'Lower than Peers: 62% vs 71%, difference larger than the margin of error'
		);
		expect(benchmarkReason('higher', 0.75, { kind: 'target', source: 'Target', value: 0.7 })).toMatch(
			/^Higher than the target: 75% vs 70%/
		);
	});
});

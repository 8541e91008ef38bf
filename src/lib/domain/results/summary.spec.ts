import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n';
import {
	barText,
	benchmarkLines,
	byFocusArea,
	findingText,
	flagText,
	formatDate,
	formatNumber,
	keyFindings,
	maxMoeNote,
	readBenchmark,
	summaryQuestions,
	type SummaryReport,
	type SummarySource
} from './summary';

const q = (key: string, p: number | null, extra: Partial<SummarySource> = {}): SummarySource => ({
	key,
	text: `Question ${key}`,
	focusArea: key.startsWith('s') ? 'Streets' : 'Parks',
	weighted: { n: p === null ? 0 : 400, percentPositive: p, moe: p === null ? null : 0.045 },
	nps: null,
	previous: null,
	comparison: null,
	...extra
});

const en = translator('en');
const es = translator('es');

describe('summaryQuestions', () => {
	it('keeps questionnaire order and blanks the estimate of a question nobody answered', () => {
		const out = summaryQuestions([q('s1', 0.4), q('p1', null), q('s2', 0.7)]);
		expect(out.map((x) => x.key)).toEqual(['s1', 'p1', 's2']);
		expect(out[1]).toMatchObject({ n: 0, percentPositive: null, moe: null, benchmark: null });
		expect(byFocusArea(out).map((g) => [g.area, g.questions.map((x) => x.key)])).toEqual([
			['Streets', ['s1', 's2']],
			['Parks', ['p1']]
		]);
	});
});

describe('readBenchmark', () => {
	it('reads the usual shapes and refuses malformed ones', () => {
		expect(readBenchmark({ value: 0.62, label: 'Peer cities', flag: 'lower', significant: true })).toEqual({
			kind: 'external',
			value: 0.62,
			label: 'Peer cities',
			flag: 'lower',
			significant: true
		});
		expect(readBenchmark({ target: 0.75, comparison: { flag: 'much higher', significant: true } })).toEqual({
			kind: 'external',
			value: 0.75,
			label: null,
			flag: 'much higher',
			significant: true
		});
		// The results' BenchmarkComparison: a peer value, and the agency's target.
		const peer = { source: 'Peer cities 2025', kind: 'external', value: 0.71, n: 1200, moe: 0.03, flag: 'lower', difference: -0.09 };
		expect(readBenchmark({ ...peer, test: 'two-sample', pValue: 0.001, adjustedPValue: 0.002, significant: true, reason: '…' })).toEqual({
			kind: 'external',
			value: 0.71,
			label: 'Peer cities 2025',
			flag: 'lower',
			significant: true
		});
		expect(readBenchmark({ source: 'Target', kind: 'target', value: 0.75, flag: 'similar', significant: false })).toEqual({
			kind: 'target',
			value: 0.75,
			label: null,
			flag: 'similar',
			significant: false
		});
		expect(readBenchmark(undefined)).toBeNull();
		expect(readBenchmark({ value: 62 })).toBeNull(); // a percent, not a proportion
		expect(readBenchmark({ value: 'high' })).toBeNull();
		expect(readBenchmark({ value: 0.5, flag: 'sideways' })?.flag).toBeNull();
	});
});

describe('keyFindings', () => {
	it('averages, names the highest and lowest, and counts significant changes only', () => {
		const questions = summaryQuestions([
			q('s1', 0.3, { previous: { percentPositive: 0.45 }, comparison: { flag: 'much lower', difference: -0.15, significant: true } }),
			q('s2', 0.5, { previous: { percentPositive: 0.46 }, comparison: { flag: 'higher', difference: 0.04, significant: false } }),
			q('p1', 0.7, { previous: { percentPositive: 0.6 }, comparison: { flag: 'higher', difference: 0.1, significant: true } }),
			q('p2', null)
		]);
		const f = keyFindings(questions, 'Survey 2024');
		// (0.3 + 0.5 + 0.7) / 3 = 0.5: the unanswered question is not in the average.
		expect(f[0]).toEqual({ kind: 'overall', count: 3, average: 0.5 });
		expect(f).toContainEqual({ kind: 'highest', text: 'Question p1', p: 0.7 });
		expect(f).toContainEqual({ kind: 'lowest', text: 'Question s1', p: 0.3 });
		expect(f).toContainEqual({ kind: 'changes', previous: 'Survey 2024', up: 1, down: 1 });
		expect(f).toContainEqual({ kind: 'biggest', text: 'Question s1', before: 0.45, now: 0.3 });
		expect(f.some((x) => x.kind === 'benchmarks')).toBe(false);
		expect(f.map((x) => findingText(x, en))).toContain('Across 3 questions, on average 50% of residents gave a positive answer.');
		expect(findingText(f[0]!, es)).toBe('En 3 preguntas, en promedio el 50% de los residentes respondió de forma positiva.');
	});

	it('says when there is nothing to compare with, tallies benchmarks, and is empty without estimates', () => {
		const questions = summaryQuestions([
			q('s1', 0.3, { benchmark: { value: 0.5, flag: 'much lower', significant: true } }),
			q('p1', 0.8, { benchmark: { value: 0.7, flag: 'higher', significant: false } })
		]);
		const f = keyFindings(questions, null);
		expect(f).toContainEqual({ kind: 'noPrevious' });
		expect(f).toContainEqual({ kind: 'benchmarks', above: 0, below: 1 });
		expect(keyFindings(summaryQuestions([q('p1', null)]), null)).toEqual([]);
	});
});

describe('words for flags and bars', () => {
	it('adds the significance only to real differences', () => {
		expect(flagText('higher', true, en)).toBe('Higher, significant after false discovery rate control');
		expect(flagText('higher', false, en)).toBe('Higher');
		expect(flagText('similar', true, en)).toBe('Similar');
		expect(flagText('much lower', true, es)).toBe('Mucho más bajo, significativo tras controlar la tasa de falsos descubrimientos');
	});

	it('gives each bar its full text alternative', () => {
		const [bar] = summaryQuestions([q('s1', 0.642, { previous: { percentPositive: 0.58 }, benchmark: { value: 0.7 } })]);
		expect(barText(bar!, en)).toBe('Question s1: 64% positive, margin of error ± 4.5; last cycle 58%; benchmark 70%');
		expect(barText(bar!, es)).toBe('Question s1: 64% positivo, margen de error ± 4.5; ciclo anterior 58%; referencia 70%');
	});

	it('names the benchmark in the report lines, a target as such', () => {
		const r = {
			benchmarks: summaryQuestions([
				q('p1', 0.62, { benchmark: { source: 'Peer cities', kind: 'external', value: 0.71, flag: 'lower', significant: true } }),
				q('s1', 0.8, { benchmark: { source: 'Target', kind: 'target', value: 0.75, flag: 'similar', significant: false } })
			])
		} as unknown as SummaryReport;
		expect(benchmarkLines(r, en)).toEqual([
			'Question p1: 62% against a benchmark of 71% (Peer cities). Lower, significant after false discovery rate control.',
			'Question s1: 80% against a benchmark of 75% (target). Similar.'
		]);
		expect(benchmarkLines(r, es)[1]).toBe('Question s1: 80% frente a una referencia de 75% (meta). Similar.');
	});

	it('states the largest margin of error, or nothing without estimates', () => {
		const withMargins = {
			questions: summaryQuestions([q('p1', 0.5), q('s1', 0.3, { weighted: { n: 90, percentPositive: 0.3, moe: 0.0951 } })])
		};
		expect(maxMoeNote(withMargins as unknown as SummaryReport, en)).toBe('Margins of error up to ± 9.5 points (95% confidence).');
		expect(maxMoeNote({ questions: summaryQuestions([q('p1', null)]) } as unknown as SummaryReport, en)).toBeNull();
	});

	it('formats numbers and dates for the reader', () => {
		expect(formatNumber(1520, 'en')).toBe('1,520');
		expect(formatNumber(1.0234, 'es', 2)).toBe('1.02');
		expect(formatDate('2026-03-03', 'en')).toBe('March 3, 2026');
		expect(formatDate('2026-03-03', 'es')).toBe('3 de marzo de 2026');
	});
});

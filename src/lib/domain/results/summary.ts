/**
 * The survey summary report (PDF and public page) as data: per question the weighted estimate,
 * the change since last cycle and the benchmark gap, grouped by focus area; key findings as
 * structured facts; and the sentences for them in the reader's language. Pure: the service
 * gathers the results, the renderers draw them.
 */
import type { Translate } from '../../i18n';
import type { ComparisonFlag } from '../analytics/compare';
import type { GoalRollup, PlanRollup } from '../plan/rollup';

/** What the summary reads of one question of the results report. */
export interface SummarySource {
	readonly key: string;
	readonly text: string;
	readonly focusArea: string;
	readonly weighted: { readonly n: number; readonly percentPositive: number | null; readonly moe: number | null };
	readonly nps: { readonly nps: number; readonly moe: number } | null;
	readonly previous: { readonly percentPositive: number } | null;
	readonly comparison: { readonly flag: ComparisonFlag; readonly difference: number; readonly significant: boolean } | null;
	/** Added by the benchmarks work; read defensively (see `readBenchmark`). */
	readonly benchmark?: unknown;
}

export interface BenchmarkView {
	/** a target the agency set, or an external / peer value */
	readonly kind: 'target' | 'external';
	readonly value: number;
	readonly label: string | null;
	readonly flag: ComparisonFlag | null;
	readonly significant: boolean;
}

export interface SummaryQuestion {
	readonly key: string;
	readonly text: string;
	readonly focusArea: string;
	readonly n: number;
	readonly percentPositive: number | null;
	readonly moe: number | null;
	readonly nps: { readonly nps: number; readonly moe: number } | null;
	readonly previous: number | null;
	readonly change: { readonly flag: ComparisonFlag; readonly difference: number; readonly significant: boolean } | null;
	readonly benchmark: BenchmarkView | null;
}

export type Finding =
	| { kind: 'overall'; count: number; average: number }
	| { kind: 'highest' | 'lowest'; text: string; p: number }
	| { kind: 'changes'; previous: string; up: number; down: number }
	| { kind: 'biggest'; text: string; before: number; now: number }
	| { kind: 'noPrevious' }
	| { kind: 'benchmarks'; above: number; below: number };

const FLAGS: readonly ComparisonFlag[] = ['much higher', 'higher', 'similar', 'lower', 'much lower', 'too few responses'];
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const isFlag = (x: unknown): x is ComparisonFlag => typeof x === 'string' && (FLAGS as readonly string[]).includes(x);

/**
 * A question's benchmark, whatever reasonable shape it arrives in: `{kind?, value | percentPositive
 * | target, label | source | name, flag | comparison.flag, significant | comparison.significant}`
 * (the results' `BenchmarkComparison` is one of them).
 * Anything else (absent, malformed) is "no benchmark".
 */
export function readBenchmark(b: unknown): BenchmarkView | null {
	if (!b || typeof b !== 'object') return null;
	const o = b as Record<string, unknown>;
	const c = (o.comparison && typeof o.comparison === 'object' ? o.comparison : {}) as Record<string, unknown>;
	const value = num(o.value) ?? num(o.percentPositive) ?? num(o.target);
	if (value === null || value < 0 || value > 1) return null;
	const label = [o.label, o.source, o.name].find((x): x is string => typeof x === 'string' && x.trim() !== '') ?? null;
	const flag = isFlag(o.flag) ? o.flag : isFlag(c.flag) ? c.flag : null;
	const kind = o.kind === 'target' ? 'target' : 'external';
	return { kind, value, label: kind === 'target' ? null : label, flag, significant: o.significant === true || c.significant === true };
}

/** The report's questions, in questionnaire order. */
export function summaryQuestions(source: readonly SummarySource[]): SummaryQuestion[] {
	return source.map((q) => ({
		key: q.key,
		text: q.text,
		focusArea: q.focusArea,
		n: q.weighted.n,
		percentPositive: q.weighted.n > 0 ? q.weighted.percentPositive : null,
		moe: q.weighted.n > 0 ? q.weighted.moe : null,
		nps: q.nps,
		previous: q.previous?.percentPositive ?? null,
		change: q.comparison ? { flag: q.comparison.flag, difference: q.comparison.difference, significant: q.comparison.significant } : null,
		benchmark: readBenchmark(q.benchmark)
	}));
}

/** Focus areas in order of first appearance, each with its questions. */
export function byFocusArea(questions: readonly SummaryQuestion[]): { area: string; questions: SummaryQuestion[] }[] {
	const groups = new Map<string, SummaryQuestion[]>();
	for (const q of questions) {
		const list = groups.get(q.focusArea) ?? [];
		list.push(q);
		groups.set(q.focusArea, list);
	}
	return [...groups].map(([area, qs]) => ({ area, questions: qs }));
}

const up = (f: ComparisonFlag) => f === 'higher' || f === 'much higher';
const down = (f: ComparisonFlag) => f === 'lower' || f === 'much lower';

/**
 * Key findings: the average percent positive, the highest and lowest question, significant
 * changes since last cycle (and the largest one), and the benchmark tally when there are any.
 */
export function keyFindings(questions: readonly SummaryQuestion[], previousTitle: string | null): Finding[] {
	const scored = questions.filter((q): q is SummaryQuestion & { percentPositive: number } => q.percentPositive !== null);
	if (scored.length === 0) return [];
	const out: Finding[] = [];
	const average = scored.reduce((s, q) => s + q.percentPositive, 0) / scored.length;
	out.push({ kind: 'overall', count: scored.length, average });
	const sorted = [...scored].sort((a, b) => b.percentPositive - a.percentPositive);
	out.push({ kind: 'highest', text: sorted[0]!.text, p: sorted[0]!.percentPositive });
	if (sorted.length > 1) out.push({ kind: 'lowest', text: sorted.at(-1)!.text, p: sorted.at(-1)!.percentPositive });
	if (previousTitle === null) out.push({ kind: 'noPrevious' });
	else {
		const changed = scored.filter((q) => q.change?.significant);
		out.push({
			kind: 'changes',
			previous: previousTitle,
			up: changed.filter((q) => up(q.change!.flag)).length,
			down: changed.filter((q) => down(q.change!.flag)).length
		});
		const biggest = [...changed].sort((a, b) => Math.abs(b.change!.difference) - Math.abs(a.change!.difference))[0];
		if (biggest && biggest.previous !== null)
			out.push({ kind: 'biggest', text: biggest.text, before: biggest.previous, now: biggest.percentPositive });
	}
	const benched = scored.filter((q) => q.benchmark);
	if (benched.length) {
		const above = benched.filter((q) => q.benchmark!.flag !== null && up(q.benchmark!.flag) && q.benchmark!.significant).length;
		const below = benched.filter((q) => q.benchmark!.flag !== null && down(q.benchmark!.flag) && q.benchmark!.significant).length;
		out.push({ kind: 'benchmarks', above, below });
	}
	return out;
}

/** The action plan of the cycle that uses the survey, rolled up. */
export interface ReportPlan {
	cycle: string;
	rollup: PlanRollup;
	goals: ({ title: string } & GoalRollup)[];
}

/** The whole report, as the PDF and the public page render it. */
export interface SummaryReport {
	locale: 'en' | 'es';
	organization: string;
	survey: { id: string; title: string };
	responses: number;
	/** ISO dates of the first and last response */
	period: { from: string; to: string } | null;
	preparedOn: string;
	previousTitle: string | null;
	method: {
		weighted: boolean;
		dimensions: string[];
		effectiveN: number;
		deff: number;
		iterations: number | null;
		minWeight: number | null;
		maxWeight: number | null;
		error: string | null;
	};
	findings: string[];
	questions: SummaryQuestion[];
	highest: SummaryQuestion[];
	lowest: SummaryQuestion[];
	changes: SummaryQuestion[];
	benchmarks: SummaryQuestion[];
	areas: { area: string; questions: SummaryQuestion[] }[];
	plan: ReportPlan | null;
}

/** A proportion as a whole percent: 0.642 → "64%". */
export const percent = (p: number): string => `${Math.round(p * 100)}%`;
/** A margin of error in percentage points with one decimal: 0.0321 → "3.2". */
export const points = (moe: number): string => (moe * 100).toFixed(1);

/** A finding as a sentence in the reader's language. */
export function findingText(f: Finding, t: Translate): string {
	switch (f.kind) {
		case 'overall':
			return t('report.finding.overall', { count: f.count, p: percent(f.average) });
		case 'highest':
			return t('report.finding.highest', { text: f.text, p: percent(f.p) });
		case 'lowest':
			return t('report.finding.lowest', { text: f.text, p: percent(f.p) });
		case 'changes':
			return t('report.finding.changes', { previous: f.previous, up: f.up, down: f.down });
		case 'biggest':
			return t('report.finding.biggest', { text: f.text, before: percent(f.before), now: percent(f.now) });
		case 'noPrevious':
			return t('report.finding.noPrevious');
		case 'benchmarks':
			return t('report.finding.benchmarks', { above: f.above, below: f.below });
	}
}

/** A comparison flag in words ("Higher, significant after false discovery rate control"). */
export function flagText(flag: ComparisonFlag, significant: boolean, t: Translate): string {
	const word = {
		'much higher': t('report.flag.muchHigher'),
		higher: t('report.flag.higher'),
		similar: t('report.flag.similar'),
		lower: t('report.flag.lower'),
		'much lower': t('report.flag.muchLower'),
		'too few responses': t('report.flag.tooFew')
	}[flag];
	return significant && flag !== 'similar' && flag !== 'too few responses' ? `${word}, ${t('report.flag.significant')}` : word;
}

/** The text alternative of one bar: the value, its margin, last cycle and the benchmark. */
export function barText(q: SummaryQuestion, t: Translate): string {
	const parts = [
		q.percentPositive === null
			? `${q.text}: —`
			: t('report.bar.row', { text: q.text, p: percent(q.percentPositive), moe: q.moe === null ? '—' : points(q.moe) })
	];
	if (q.previous !== null) parts.push(t('report.bar.previous', { p: percent(q.previous) }));
	if (q.benchmark) parts.push(t('report.bar.benchmark', { p: percent(q.benchmark.value) }));
	return parts.join('; ');
}

const TAGS: Record<string, string> = { en: 'en-US', es: 'es-US' };

/** A number in the reader's locale: 1520 → "1,520" (en) / "1520" (es, no grouping under 10,000). */
export function formatNumber(x: number, locale: string, digits = 0): string {
	return new Intl.NumberFormat(TAGS[locale] ?? locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

/** An ISO date (YYYY-MM-DD) in words in the reader's locale: "March 3, 2026" / "3 de marzo de 2026". */
export function formatDate(iso: string, locale: string): string {
	return new Intl.DateTimeFormat(TAGS[locale] ?? locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

/** Percent positive of a question, or a dash. */
export const valueOf = (q: SummaryQuestion) => (q.percentPositive === null ? '—' : percent(q.percentPositive));

/** The margin-of-error note, with a worked example from the report's first estimate. */
export function moeNote(r: SummaryReport, t: Translate): string {
	const q = r.questions.find((x) => x.percentPositive !== null && x.moe !== null);
	const p = q?.percentPositive ?? 0.6;
	const moe = q?.moe ?? 0.04;
	return t('report.method.moe', {
		example: `${percent(p)} ± ${points(moe)}`,
		low: percent(Math.max(0, p - moe)),
		high: percent(Math.min(1, p + moe))
	});
}

/** "Text: 64% now, 58% last cycle. Higher, significant …" per question with a comparison. */
export function changeLines(r: SummaryReport, t: Translate): string[] {
	return r.changes.map((q) =>
		t('report.change.row', {
			text: q.text,
			now: valueOf(q),
			before: q.previous === null ? '—' : percent(q.previous),
			flag: flagText(q.change!.flag, q.change!.significant, t)
		})
	);
}

export function benchmarkLines(r: SummaryReport, t: Translate): string[] {
	return r.benchmarks.map((q) => {
		const b = q.benchmark!;
		const label = b.kind === 'target' ? t('report.benchmark.target') : b.label;
		const value = label ? `${percent(b.value)} (${label})` : percent(b.value);
		return t('report.benchmark.row', {
			text: q.text,
			now: valueOf(q),
			value,
			flag: b.flag ? flagText(b.flag, b.significant, t) : '—'
		});
	});
}

/** How the responses were weighted (or why not), in one sentence. */
export function weightingNote(r: SummaryReport, t: Translate): string {
	const m = r.method;
	if (m.weighted && m.iterations !== null)
		return t('report.method.weighted', {
			dimensions: m.dimensions.join(', '),
			iterations: m.iterations,
			min: formatNumber(m.minWeight ?? 1, r.locale, 2),
			max: formatNumber(m.maxWeight ?? 1, r.locale, 2)
		});
	return m.error ? t('report.method.error', { reason: m.error }) : t('report.method.unweighted');
}

/** "Margins of error up to ± 2.6 points", from the largest margin of the report; null without any. */
export function maxMoeNote(r: SummaryReport, t: Translate): string | null {
	const margins = r.questions.map((q) => q.moe).filter((m): m is number => m !== null);
	return margins.length ? t('report.maxMoe', { moe: points(Math.max(...margins)) }) : null;
}

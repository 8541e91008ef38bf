/**
 * Customer-experience surveys over time: satisfaction (percent positive, top-2 box of 1–5),
 * effort (percent who found it easy, top-2 box of 1–5) and NPS (0–10) per period (month, or
 * quarter when months are thin), for one row ("all responses") or one row per department /
 * service / channel. Pure: the service loads the records.
 *
 * Rules (documented for the dashboard's method note):
 * - Experience surveys are not weighted (no population margins): every response has weight 1, so
 *   the design effect is 1 and the margin of error is 1.96·sqrt(p(1−p)/n); NPS has its standard
 *   error 100·sqrt(((P + D) − (P − D)²)/n) and margin 1.96·SE (`analytics/nps.ts`).
 * - A cell (row × period × measure) with fewer than `minN` answers is suppressed: no value, no
 *   margin, no comparison ("too few responses").
 * - Each cell is compared with the same row's previous period: proportions with the pooled
 *   two-sample z-test of `analytics/compare.ts`, NPS with z = (NPS₁ − NPS₀)/sqrt(SE₁² + SE₀²).
 *   Benjamini–Hochberg controls the false discovery rate (q = 0.05) across all comparisons of one
 *   view (every row, period and measure of it). A significant difference is "much" higher/lower
 *   from 10 points (0.10 as a fraction, 10 NPS points).
 * - Granularity: months when the median month of the survey's span (months without responses
 *   included) has at least `minN` responses, otherwise quarters.
 */
import { benjaminiHochberg, proportionTest, type ComparisonFlag } from '../analytics/compare';
import { DEFAULT_MIN_CELL_N } from '../analytics/breakdown';
import { estimateQuestion } from '../analytics/estimates';
import { MISSING_U8 } from '../analytics/matrix';
import { twoSidedPValue } from '../analytics/normal';
import { nps as npsEstimate } from '../analytics/nps';
import { uniformWeights } from '../analytics/weights';

export type Measure = 'satisfaction' | 'effort' | 'nps';
export const MEASURES: readonly Measure[] = ['satisfaction', 'effort', 'nps'];
export type GroupBy = 'department' | 'service' | 'channel';
export const GROUPINGS: readonly GroupBy[] = ['department', 'service', 'channel'];
export type Granularity = 'month' | 'quarter';

/** One response, reduced to what the dashboard needs. */
export interface ExperienceRecord {
	/** Submission time, ms since the epoch. */
	readonly at: number;
	/** 1–5 or null (not answered). */
	readonly satisfaction: number | null;
	/** 1–5 (5 = very easy) or null. */
	readonly effort: number | null;
	/** 0–10 or null. */
	readonly nps: number | null;
	/** The survey's tags; null when the survey has none. */
	readonly tags: Readonly<Record<GroupBy, string | null>>;
}

export interface CellComparison {
	readonly flag: ComparisonFlag;
	/** Current − previous: a fraction for satisfaction/effort, points for NPS. */
	readonly difference: number;
	readonly pValue: number | null;
	readonly adjustedPValue: number | null;
	readonly significant: boolean;
	/** In words, e.g. "Higher than Mar 2026 (72% vs 61%, significant after FDR control)". */
	readonly reason: string;
}

export interface MeasureCell {
	/** Answers to this measure in the period. */
	readonly n: number;
	/** Percent positive as a fraction (satisfaction, effort) or NPS points; null when suppressed. */
	readonly value: number | null;
	/** 95% margin of error (fraction, or NPS points); null when suppressed. */
	readonly moe: number | null;
	/** Standard error (NPS only, points). */
	readonly se: number | null;
	readonly suppressed: boolean;
	/** Against the previous period of the same row; null for the first period. */
	readonly comparison: CellComparison | null;
}

export interface PeriodCell {
	readonly period: string;
	readonly label: string;
	readonly responses: number;
	readonly satisfaction: MeasureCell;
	readonly effort: MeasureCell;
	readonly nps: MeasureCell;
}

export interface ExperienceRow {
	readonly group: string;
	readonly periods: PeriodCell[];
}

export interface ExperienceView {
	readonly by: 'time' | GroupBy;
	readonly rows: ExperienceRow[];
}

export interface ExperienceOptions {
	readonly minN?: number;
	/** FDR level (default 0.05). */
	readonly q?: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MUCH = { proportion: 0.1, nps: 10 };

/** Period key of a time (UTC): "2026-03" or "2026-Q1". */
export function periodOf(at: number, g: Granularity): string {
	const d = new Date(at);
	const y = d.getUTCFullYear();
	const m = d.getUTCMonth();
	return g === 'month' ? `${y}-${String(m + 1).padStart(2, '0')}` : `${y}-Q${Math.floor(m / 3) + 1}`;
}

/** "Mar 2026" / "Q1 2026". */
export function periodLabel(key: string): string {
	const [y, p] = key.split('-') as [string, string];
	return p.startsWith('Q') ? `${p} ${y}` : `${MONTHS[Number(p) - 1]} ${y}`;
}

/** Every period from the first to the last key, inclusive (sorted keys of one granularity). */
export function periodRange(first: string, last: string): string[] {
	const quarter = first.includes('Q');
	const step = (k: string): string => {
		const [ys, ps] = k.split('-') as [string, string];
		let y = Number(ys);
		let p = Number(quarter ? ps.slice(1) : ps) + 1;
		if (p > (quarter ? 4 : 12)) {
			p = 1;
			y++;
		}
		return quarter ? `${y}-Q${p}` : `${y}-${String(p).padStart(2, '0')}`;
	};
	const out: string[] = [];
	for (let k = first; k <= last && out.length < 1200; k = step(k)) out.push(k);
	return out;
}

/** Months when the median month of the span has at least minN responses; quarters otherwise. */
export function chooseGranularity(times: readonly number[], minN = DEFAULT_MIN_CELL_N): Granularity {
	if (!times.length) return 'month';
	const keys = times.map((t) => periodOf(t, 'month'));
	const sorted = [...keys].sort();
	const span = periodRange(sorted[0]!, sorted[sorted.length - 1]!);
	const counts = new Map<string, number>(span.map((k) => [k, 0]));
	for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
	const c = [...counts.values()].sort((a, b) => a - b);
	const mid = c.length % 2 ? c[(c.length - 1) / 2]! : (c[c.length / 2 - 1]! + c[c.length / 2]!) / 2;
	return mid >= minN ? 'month' : 'quarter';
}

interface RawCell {
	n: number;
	value: number | null;
	moe: number | null;
	se: number | null;
}

function column(values: readonly (number | null)[]): Uint8Array {
	const a = new Uint8Array(values.length).fill(MISSING_U8);
	values.forEach((v, i) => {
		if (v !== null) a[i] = v;
	});
	return a;
}

function estimate(measure: Measure, records: readonly ExperienceRecord[], minN: number): RawCell {
	const answers = column(records.map((r) => r[measure]));
	const w = uniformWeights(records.length);
	if (measure === 'nps') {
		const n = records.filter((r) => r.nps !== null).length;
		if (n < minN || n === 0) return { n, value: null, moe: null, se: null };
		const e = npsEstimate(answers, w);
		return { n, value: e.nps, moe: e.moe, se: e.se };
	}
	const e = estimateQuestion(answers, w, { positiveCodes: [4, 5] });
	if (e.n < minN || e.n === 0 || e.percentPositive === null) return { n: e.n, value: null, moe: null, se: null };
	return { n: e.n, value: e.percentPositive, moe: e.percentPositiveMoe, se: null };
}

const pct = (p: number) => `${Math.round(p * 100)}%`;
const pts = (x: number) => `NPS ${Math.round(x)}`;

function flagOf(difference: number, significant: boolean, much: number): ComparisonFlag {
	if (!significant) return 'similar';
	const big = Math.abs(difference) >= much - 1e-12;
	if (difference > 0) return big ? 'much higher' : 'higher';
	return big ? 'much lower' : 'lower';
}

/** A flag against the previous period, in words. */
export function periodReason(
	flag: ComparisonFlag,
	measure: Measure,
	current: number | null,
	previous: number | null,
	prevLabel: string
): string {
	const f = measure === 'nps' ? pts : pct;
	if (flag === 'too few responses' || current === null || previous === null) return `Too few responses to compare with ${prevLabel}`;
	const figures = `${f(current)} vs ${f(previous)}`;
	if (flag === 'similar') return `Similar to ${prevLabel} (${figures}, no significant difference after FDR control)`;
	const word = flag === 'much higher' ? 'Much higher' : flag === 'higher' ? 'Higher' : flag === 'much lower' ? 'Much lower' : 'Lower';
	return `${word} than ${prevLabel} (${figures}, significant after FDR control)`;
}

/** Bucket records of each row by period, estimate every cell, compare with the previous period, BH across the view. */
export function buildView(
	by: ExperienceView['by'],
	rows: readonly { group: string; records: readonly ExperienceRecord[] }[],
	periods: readonly string[],
	g: Granularity,
	opts: ExperienceOptions = {}
): ExperienceView {
	const minN = opts.minN ?? DEFAULT_MIN_CELL_N;
	const q = opts.q ?? 0.05;
	const raw = rows.map((row) => {
		const buckets = new Map<string, ExperienceRecord[]>(periods.map((p) => [p, []]));
		for (const r of row.records) buckets.get(periodOf(r.at, g))?.push(r);
		return periods.map((p) => {
			const recs = buckets.get(p)!;
			return {
				period: p,
				responses: recs.length,
				cells: Object.fromEntries(MEASURES.map((m) => [m, estimate(m, recs, minN)])) as Record<Measure, RawCell>
			};
		});
	});
	// Tests of every (row, period > 0, measure) with both sides published.
	const tests: { r: number; p: number; m: Measure; pValue: number; difference: number }[] = [];
	raw.forEach((cols, r) =>
		cols.forEach((col, p) => {
			if (p === 0) return;
			const prev = cols[p - 1]!;
			for (const m of MEASURES) {
				const a = col.cells[m];
				const b = prev.cells[m];
				if (a.value === null || b.value === null) continue;
				let pValue: number;
				if (m === 'nps') {
					const se = Math.sqrt((a.se ?? 0) ** 2 + (b.se ?? 0) ** 2);
					const d = a.value - b.value;
					pValue = se > 0 ? twoSidedPValue(d / se) : d === 0 ? 1 : 0;
				} else {
					pValue = proportionTest({ p: a.value, n: a.n }, { p: b.value, n: b.n }, m).pValue;
				}
				tests.push({ r, p, m, pValue, difference: a.value - b.value });
			}
		})
	);
	const adjusted = benjaminiHochberg(tests.map((t) => t.pValue));
	const byCell = new Map(tests.map((t, i) => [`${t.r}|${t.p}|${t.m}`, { ...t, adjusted: adjusted[i]! }]));
	return {
		by,
		rows: raw.map((cols, r) => ({
			group: rows[r]!.group,
			periods: cols.map((col, p): PeriodCell => {
				const cell = (m: Measure): MeasureCell => {
					const c = col.cells[m];
					const suppressed = c.value === null;
					let comparison: CellComparison | null = null;
					if (p > 0) {
						const prev = cols[p - 1]!;
						const prevLabel = periodLabel(prev.period);
						const t = byCell.get(`${r}|${p}|${m}`);
						if (!t) {
							comparison = {
								flag: 'too few responses',
								difference: 0,
								pValue: null,
								adjustedPValue: null,
								significant: false,
								reason: periodReason('too few responses', m, null, null, prevLabel)
							};
						} else {
							const significant = t.adjusted <= q;
							const flag = flagOf(t.difference, significant, m === 'nps' ? MUCH.nps : MUCH.proportion);
							comparison = {
								flag,
								difference: t.difference,
								pValue: t.pValue,
								adjustedPValue: t.adjusted,
								significant,
								reason: periodReason(flag, m, c.value, prev.cells[m].value, prevLabel)
							};
						}
					}
					return { n: c.n, value: c.value, moe: c.moe, se: c.se, suppressed, comparison };
				};
				return {
					period: col.period,
					label: periodLabel(col.period),
					responses: col.responses,
					satisfaction: cell('satisfaction'),
					effort: cell('effort'),
					nps: cell('nps')
				};
			})
		}))
	};
}

export interface ExperienceDashboard {
	readonly granularity: Granularity;
	readonly periods: { key: string; label: string }[];
	readonly minN: number;
	/** This survey over time (one row). */
	readonly overTime: ExperienceView;
	/** The organization's experience surveys by department, service and channel. */
	readonly byGroup: ExperienceView[];
}

/** Label of responses whose survey has no value for a grouping. */
export const UNTAGGED = 'Not tagged';

/**
 * The dashboard: `own` are this survey's records, `all` the records of every experience survey of
 * the organization (this one included) for the department / service / channel views.
 */
export function experienceDashboard(
	own: readonly ExperienceRecord[],
	all: readonly ExperienceRecord[],
	opts: ExperienceOptions = {}
): ExperienceDashboard {
	const minN = opts.minN ?? DEFAULT_MIN_CELL_N;
	const granularity = chooseGranularity(
		own.map((r) => r.at),
		minN
	);
	const keysOf = (rs: readonly ExperienceRecord[]) => rs.map((r) => periodOf(r.at, granularity)).sort();
	const ownKeys = keysOf(own);
	const ownPeriods = ownKeys.length ? periodRange(ownKeys[0]!, ownKeys[ownKeys.length - 1]!) : [];
	const overTime = buildView('time', [{ group: 'All responses', records: own }], ownPeriods, granularity, { ...opts, minN });
	// Group views span the same periods as this survey, so they read side by side with it.
	const byGroup = GROUPINGS.map((by) => {
		const groups = new Map<string, ExperienceRecord[]>();
		for (const r of all) {
			const g = r.tags[by] ?? UNTAGGED;
			const list = groups.get(g) ?? [];
			list.push(r);
			groups.set(g, list);
		}
		const rows = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([group, records]) => ({ group, records }));
		return buildView(by, rows, ownPeriods, granularity, { ...opts, minN });
	});
	return { granularity, periods: ownPeriods.map((key) => ({ key, label: periodLabel(key) })), minN, overTime, byGroup };
}

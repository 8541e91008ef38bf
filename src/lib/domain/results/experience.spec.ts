/**
 * Expected values are hand-computed from the documented formulas (and checked with Python's
 * math.erfc for the p-values):
 *
 * Jan 2026, 40 answers: satisfaction 30 × 5 and 10 × 2 → p = 0.75,
 *   moe = 1.96·sqrt(0.75·0.25/40) = 0.1341920266; NPS 20 × 10, 10 × 8, 10 × 3 → P = 0.5,
 *   D = 0.25, NPS = 25, Var = (P + D) − (P − D)² = 0.6875, SE = 100·sqrt(0.6875/40) = 13.1101106.
 * Feb 2026, 40 answers: satisfaction 20 × 4, 20 × 1 → p = 0.5, moe = 1.96·sqrt(0.25/40) =
 *   0.1549516053; NPS 10 × 9, 10 × 7, 20 × 0 → P = 0.25, D = 0.5, NPS = −25, same SE.
 * Satisfaction Feb vs Jan: pooled p̄ = 0.625, SE = sqrt(0.625·0.375·(2/40)) = 0.1082531755,
 *   z = −2.3094010768, p = 0.0209213353.
 * NPS Feb vs Jan: z = −50/sqrt(2·13.1101106²) = −2.6967994499, p = 0.0070009420.
 * BH over the two tests (m = 2): NPS adj = 2·0.0070009420/1 = 0.0140018840, satisfaction adj =
 *   min(1, 2·0.0209213353/2) = 0.0209213353. Both ≤ 0.05 and both |differences| ≥ 10 points:
 *   "much lower".
 */
import { describe, expect, it } from 'vitest';
import { buildView, chooseGranularity, experienceDashboard, periodLabel, periodOf, periodRange, type ExperienceRecord } from './experience';

const T = (iso: string) => Date.parse(iso);
const tags = { department: 'Permits', service: 'Building permits', channel: 'Counter' };

function records(at: number, sat: number[], nps: number[], effort: (number | null)[] = []): ExperienceRecord[] {
	const n = Math.max(sat.length, nps.length, effort.length);
	return Array.from({ length: n }, (_, i) => ({
		at,
		satisfaction: sat[i] ?? null,
		effort: effort[i] ?? null,
		nps: nps[i] ?? null,
		tags
	}));
}
const rep = (v: number, k: number) => Array<number>(k).fill(v);

const JAN = records(T('2026-01-15T12:00:00Z'), [...rep(5, 30), ...rep(2, 10)], [...rep(10, 20), ...rep(8, 10), ...rep(3, 10)]);
const FEB = records(T('2026-02-10T12:00:00Z'), [...rep(4, 20), ...rep(1, 20)], [...rep(9, 10), ...rep(7, 10), ...rep(0, 20)]);

describe('periods', () => {
	it('keys months and quarters in UTC and labels them', () => {
		expect(periodOf(T('2026-03-31T23:59:59Z'), 'month')).toBe('2026-03');
		expect(periodOf(T('2026-03-31T23:59:59Z'), 'quarter')).toBe('2026-Q1');
		expect(periodOf(T('2026-10-01T00:00:00Z'), 'quarter')).toBe('2026-Q4');
		expect(periodLabel('2026-03')).toBe('Mar 2026');
		expect(periodLabel('2026-Q4')).toBe('Q4 2026');
	});
	it('lists every period of a span across a year end', () => {
		expect(periodRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(periodRange('2025-Q4', '2026-Q2')).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
	});
	it('uses months when the median month has at least minN responses, quarters otherwise', () => {
		const monthly = (perMonth: number) =>
			Array.from({ length: 12 }, (_, m) => rep(T(`2026-${String(m + 1).padStart(2, '0')}-05T00:00:00Z`), perMonth)).flat();
		expect(chooseGranularity(monthly(30), 30)).toBe('month');
		expect(chooseGranularity(monthly(29), 30)).toBe('quarter');
		// Jan 100, Feb–Mar empty, Apr 100: median of [0, 0, 100, 100] = 50 ≥ 30 → months.
		expect(chooseGranularity([...rep(T('2026-01-05T00:00:00Z'), 100), ...rep(T('2026-04-05T00:00:00Z'), 100)], 30)).toBe('month');
		// Jan 100, Feb–Apr empty, May 100: median of [0, 0, 0, 100, 100] = 0 → quarters.
		expect(chooseGranularity([...rep(T('2026-01-05T00:00:00Z'), 100), ...rep(T('2026-05-05T00:00:00Z'), 100)], 30)).toBe('quarter');
		expect(chooseGranularity([], 30)).toBe('month');
	});
});

describe('buildView', () => {
	const view = buildView('time', [{ group: 'All responses', records: [...JAN, ...FEB] }], ['2026-01', '2026-02'], 'month');
	const [jan, feb] = view.rows[0]!.periods;

	it('estimates percent positive with its margin and NPS with its standard error', () => {
		expect(jan!.responses).toBe(40);
		expect(jan!.satisfaction.n).toBe(40);
		expect(jan!.satisfaction.value).toBeCloseTo(0.75, 12);
		expect(jan!.satisfaction.moe).toBeCloseTo(0.1341920266, 9);
		expect(feb!.satisfaction.moe).toBeCloseTo(0.1549516053, 9);
		expect(jan!.nps.value).toBeCloseTo(25, 10);
		expect(jan!.nps.se).toBeCloseTo(13.1101106021, 8);
		expect(jan!.nps.moe).toBeCloseTo(1.96 * 13.1101106021, 7);
		expect(feb!.nps.value).toBeCloseTo(-25, 10);
		expect(jan!.satisfaction.comparison).toBeNull();
	});

	it('compares with the previous period and controls the FDR across the view', () => {
		const s = feb!.satisfaction.comparison!;
		expect(s.difference).toBeCloseTo(-0.25, 12);
		expect(s.pValue).toBeCloseTo(0.0209213353, 9);
		expect(s.adjustedPValue).toBeCloseTo(0.0209213353, 9);
		expect(s.flag).toBe('much lower');
		expect(s.reason).toBe('Much lower than Jan 2026 (50% vs 75%, significant after FDR control)');
		const n = feb!.nps.comparison!;
		expect(n.pValue).toBeCloseTo(0.007000942, 8);
		expect(n.adjustedPValue).toBeCloseTo(0.014001884, 8);
		expect(n.flag).toBe('much lower');
		expect(n.reason).toBe('Much lower than Jan 2026 (NPS -25 vs NPS 25, significant after FDR control)');
	});

	it('suppresses cells under the minimum n and does not compare them', () => {
		expect(jan!.effort).toMatchObject({ n: 0, value: null, moe: null, suppressed: true });
		expect(feb!.effort.comparison).toMatchObject({ flag: 'too few responses', pValue: null, significant: false });
		const small = buildView('time', [{ group: 'x', records: [...JAN, ...FEB.slice(0, 29)] }], ['2026-01', '2026-02'], 'month');
		const f = small.rows[0]!.periods[1]!;
		expect(f.satisfaction).toMatchObject({ n: 29, value: null, suppressed: true });
		expect(f.satisfaction.comparison!.reason).toBe('Too few responses to compare with Jan 2026');
		// The same cell is published with a lower minimum.
		const lower = buildView('time', [{ group: 'x', records: [...JAN, ...FEB.slice(0, 29)] }], ['2026-01', '2026-02'], 'month', {
			minN: 20
		});
		expect(lower.rows[0]!.periods[1]!.satisfaction.value).toBeCloseTo(20 / 29, 12);
	});

	it('says "similar" when a difference is not significant', () => {
		const v = buildView(
			'time',
			[{ group: 'x', records: [...JAN, ...records(T('2026-02-01T00:00:00Z'), [...rep(5, 29), ...rep(2, 11)], [])] }],
			['2026-01', '2026-02'],
			'month'
		);
		const c = v.rows[0]!.periods[1]!.satisfaction.comparison!;
		expect(c.flag).toBe('similar');
		expect(c.significant).toBe(false);
		expect(c.reason).toBe('Similar to Jan 2026 (73% vs 75%, no significant difference after FDR control)');
	});
});

describe('experienceDashboard', () => {
	it('groups the organization’s records by department, service and channel over this survey’s periods', () => {
		const other = records(T('2026-02-20T00:00:00Z'), rep(5, 35), rep(10, 35)).map((r) => ({
			...r,
			tags: { department: 'Utilities', service: 'Water billing', channel: null }
		}));
		const own = [...JAN, ...FEB];
		const d = experienceDashboard(own, [...own, ...other]);
		expect(d.granularity).toBe('month');
		expect(d.periods.map((p) => p.label)).toEqual(['Jan 2026', 'Feb 2026']);
		expect(d.overTime.rows).toHaveLength(1);
		const dept = d.byGroup.find((v) => v.by === 'department')!;
		expect(dept.rows.map((r) => r.group)).toEqual(['Permits', 'Utilities']);
		const util = dept.rows[1]!.periods;
		expect(util[0]!.satisfaction).toMatchObject({ n: 0, suppressed: true });
		expect(util[1]!.satisfaction.value).toBe(1);
		const channel = d.byGroup.find((v) => v.by === 'channel')!;
		expect(channel.rows.map((r) => r.group)).toEqual(['Counter', 'Not tagged']);
		// BH family = the view: in the department view only Permits' two tests are made (Utilities'
		// January is empty), so the adjusted p-values equal the time view's.
		expect(dept.rows[0]!.periods[1]!.nps.comparison!.adjustedPValue).toBeCloseTo(0.014001884, 8);
	});
});

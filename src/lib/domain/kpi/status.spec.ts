import { describe, expect, it } from 'vitest';
import { evaluateKpi, projectLinear, type KpiDefinition } from './status';

const DAY = 86_400_000;
// Pothole repair time in days: lower is better, from 10 to 5 by day 100.
const repair: KpiDefinition = { direction: 'lower', baseline: 10, target: 5, targetDate: 100 * DAY, baselineDate: 0 };
// Satisfaction %: higher is better, from 60 to 70 by day 100.
const satisfaction: KpiDefinition = { direction: 'higher', baseline: 60, target: 70, targetDate: 100 * DAY, baselineDate: 0 };

describe('projectLinear', () => {
	it('fits the least-squares line (hand-computed: points (0,1),(1,3),(2,5) → y = 1 + 2x)', () => {
		expect(
			projectLinear(
				[
					{ at: 0, value: 1 },
					{ at: 1, value: 3 },
					{ at: 2, value: 5 }
				],
				10
			)
		).toBeCloseTo(21, 12);
	});
});

describe('evaluateKpi', () => {
	it('has no status without readings', () => {
		expect(evaluateKpi(satisfaction, [], 0).status).toBe('no_data');
	});

	it('is on track when the latest reading meets the target, in either direction', () => {
		expect(evaluateKpi(satisfaction, [{ at: 10 * DAY, value: 71 }], 20 * DAY).status).toBe('on_track');
		expect(evaluateKpi(repair, [{ at: 10 * DAY, value: 4.5 }], 20 * DAY).status).toBe('on_track');
	});

	it('projects a steady trend that reaches the target as on track', () => {
		// 60 → 63 → 66 by day 50: slope 0.12/day → 72 by day 100.
		const r = evaluateKpi(
			satisfaction,
			[
				{ at: 0, value: 60 },
				{ at: 25 * DAY, value: 63 },
				{ at: 50 * DAY, value: 66 }
			],
			50 * DAY
		);
		expect(r.status).toBe('on_track');
		expect(r.projected).toBeCloseTo(72, 9);
	});

	it('marks a trend covering 75–99 % of the gap at risk, and less off track', () => {
		// 60 → 64 by day 50 → 68 at day 100: 80 % of the gap.
		expect(
			evaluateKpi(
				satisfaction,
				[
					{ at: 0, value: 60 },
					{ at: 50 * DAY, value: 64 }
				],
				50 * DAY
			)
		).toMatchObject({ status: 'at_risk', coverage: expect.closeTo(0.8, 9) });
		// 10 → 9 days by day 50 → 8 at day 100: 40 % of the gap.
		expect(
			evaluateKpi(
				repair,
				[
					{ at: 0, value: 10 },
					{ at: 50 * DAY, value: 9 }
				],
				50 * DAY
			).status
		).toBe('off_track');
	});

	it('projects a single reading along the straight path from the baseline', () => {
		// 10 → 7 at day 50 → 4 at day 100: reaches 5.
		expect(evaluateKpi(repair, [{ at: 50 * DAY, value: 7 }], 50 * DAY).status).toBe('on_track');
	});

	it('is off track after the target date when the target was not met', () => {
		expect(evaluateKpi(satisfaction, [{ at: 90 * DAY, value: 69 }], 101 * DAY).status).toBe('off_track');
	});

	it('ignores non-numeric readings and reading order', () => {
		const a = evaluateKpi(
			satisfaction,
			[
				{ at: 50 * DAY, value: 64 },
				{ at: 0, value: 60 },
				{ at: 10 * DAY, value: NaN }
			],
			50 * DAY
		);
		expect(a.status).toBe('at_risk');
	});
});

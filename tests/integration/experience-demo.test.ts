/** The experience dashboard on the demo's two experience surveys (twelve months of responses each). */
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { createExperienceService } from '../../src/lib/server/results/experience';
import { testContext } from '../helpers/context';
import { actorByEmail } from '../helpers/surveys';

describe('experience dashboard on the demo surveys', () => {
	it('reads satisfaction, effort and NPS by month and compares the two departments', async () => {
		const ctx = await testContext({ DEMO: '1' });
		try {
			await seedDemo(ctx);
			const viewer = actorByEmail(ctx, 'viewer@example.gov');
			const water = ctx.surveys.list(viewer).find((s) => s.title === 'After your visit: Water billing')!;
			const x = createExperienceService({ database: ctx.database }).experience(viewer, water.id);
			expect(x.measures).toEqual({ satisfaction: 'csat', effort: 'effort', nps: 'nps' });
			expect(x.granularity).toBe('month'); // 720 responses over a year: about 60 a month
			expect(x.periods.length).toBeGreaterThanOrEqual(12);
			const published = x.overTime.rows[0]!.periods.filter((p) => !p.satisfaction.suppressed);
			expect(published.length).toBeGreaterThanOrEqual(11);
			for (const p of published) {
				expect(p.satisfaction.moe).toBeGreaterThan(0);
				expect(p.nps.se).toBeGreaterThan(0);
				expect(p.nps.value).toBeGreaterThanOrEqual(-100);
				expect(p.nps.value).toBeLessThanOrEqual(100);
			}
			const dept = x.byGroup.find((v) => v.by === 'department')!;
			expect(dept.rows.map((r) => r.group)).toEqual(['Permits and Licensing', 'Utilities']);
			expect(x.byGroup.find((v) => v.by === 'channel')!.rows.map((r) => r.group)).toEqual(['Counter', 'Phone']);
			expect(x.surveys.map((s) => s.responses)).toEqual([720, 720]);
		} finally {
			await ctx.dispose();
		}
	});
});

/** The results service on the demo data: last cycle's closed survey is the comparison, districts rake to populations. */
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { createResultsService } from '../../src/lib/server/results/service';
import { testContext } from '../helpers/context';
import { actorByEmail } from '../helpers/surveys';

describe('results on the demo surveys', () => {
	it('compares this cycle with the last closed one and weights districts to their populations', async () => {
		const ctx = await testContext({ DEMO: '1' });
		try {
			await seedDemo(ctx); // runs every module's demo seeder once, the surveys' among them
			const viewer = actorByEmail(ctx, 'viewer@example.gov');
			const live = ctx.surveys.list(viewer).find((s) => s.title === 'Community survey 2026')!;
			const closed = ctx.surveys.list(viewer).find((s) => s.title === 'Community survey 2025')!;
			const r = createResultsService({ database: ctx.database }).results(viewer, live.id);
			expect(r.previousSurvey?.id).toBe(closed.id);
			expect(r.questions.length).toBeGreaterThan(5);
			expect(r.questions.filter((q) => q.comparison).length).toBeGreaterThan(5);
			expect(r.dimensions.map((d) => d.name)).toContain('district');
			// District shares default from the districts' populations.
			expect(r.weighting.applied).toBe(true);
			expect(Object.keys(r.weighting.margins)).toEqual(['district']);
			expect(r.weighting.report!.converged).toBe(true);
			expect(r.weighting.report!.deff).toBeGreaterThan(1);
			for (const q of r.questions) {
				if (q.weighted.n === 0) continue;
				expect(q.weighted.percentPositive).toBeGreaterThanOrEqual(0);
				expect(q.weighted.moe).toBeGreaterThan(0);
			}
		} finally {
			await ctx.dispose();
		}
	});
});

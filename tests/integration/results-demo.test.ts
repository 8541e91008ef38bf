/** The results service on the demo data: last cycle's closed survey is the comparison, districts rake to populations, benchmarks flag. */
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
			// The imported peer set and the targets are compared; some results deviate, with reasons in words.
			expect(r.benchmarkSources.map((b) => [b.source, b.values])).toEqual([
				['Target', 3],
				['National peer cities 2025', 6]
			]);
			const overall = r.questions.find((q) => q.key === 'overall_services')!;
			expect(overall.benchmark?.kind).toBe('target');
			expect(overall.benchmarks.map((b) => b.source)).toEqual(['Target', 'National peer cities 2025']);
			// Seeded demo: streets are well under their 45% target; night-time safety is above the peers' 42 ± 2.5%.
			const streets = r.questions.find((q) => q.key === 'streets_condition')!;
			expect(streets.benchmark?.flag).toBe('much lower');
			const night = r.questions.find((q) => q.key === 'safety_night')!;
			expect(night.benchmarks.find((b) => b.kind === 'external')?.flag).toBe('higher');
			expect(r.benchmarkDeviations.length).toBeGreaterThan(0);
			for (const d of r.benchmarkDeviations)
				expect(d.reason).toMatch(/than (the target|National peer cities 2025): \d+% vs \d+%, difference larger/);
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

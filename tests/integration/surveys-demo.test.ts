/** The demo surveys seed on a fresh database and look like what the product promises. */
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { testContext } from '../helpers/context';
import { actorByEmail } from '../helpers/surveys';

describe('the demo seed (surveys)', () => {
	it('creates a closed and a live community survey and two departments’ experience surveys', async () => {
		const ctx = await testContext({ DEMO: '1' });
		try {
			// The demo seeder runs every module's seeder once, the surveys' among them.
			await seedDemo(ctx);
			const list = ctx.surveys.list(actorByEmail(ctx, 'viewer@example.gov'));
			const byTitle = Object.fromEntries(list.map((s) => [s.title, s]));
			expect(byTitle['Community survey 2025']).toMatchObject({ status: 'closed', kind: 'community' });
			expect(byTitle['Community survey 2025']!.responses).toBeGreaterThan(1400);
			expect(byTitle['Community survey 2026']).toMatchObject({ status: 'live' });
			expect(byTitle['Community survey 2026']!.responses).toBeGreaterThan(200);
			expect(list.filter((s) => s.kind === 'experience').length).toBe(2);
			const rows = ctx.database.sqlite
				.prepare(
					"SELECT district, avg(json_extract(answers, '$.overall_services')) AS mean, sum(language = 'es') AS es FROM survey_responses WHERE survey_id = ? AND json_type(answers, '$.overall_services') = 'integer' GROUP BY district"
				)
				.all(byTitle['Community survey 2025']!.id) as { district: string; mean: number; es: number }[];
			const mean = Object.fromEntries(rows.map((r) => [r.district, r.mean]));
			expect(mean.D3!).toBeGreaterThan(mean.D5! + 0.4);
			expect(rows.reduce((n, r) => n + r.es, 0)).toBeGreaterThan(100);
		} finally {
			await ctx.dispose();
		}
	});
});

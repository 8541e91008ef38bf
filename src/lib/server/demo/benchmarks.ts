/**
 * Demo benchmarks for "Example City": a small imported peer set ("National peer cities 2025",
 * with sample sizes or margins of error) and targets for a few questions of this cycle's community
 * survey, so the results dashboard shows flags against benchmarks. Runs after the survey demo.
 */
import type { Actor } from '../../domain/auth/policies';
import type { Role } from '../../domain/auth/roles';
import type { AppContext } from '../context';
import { createResultsService } from '../results/service';

export const DEMO_BENCHMARK_SOURCE = 'National peer cities 2025';

/** Percent positive of peer cities: n where the publisher gave it, else a margin of error. */
export const DEMO_BENCHMARK_CSV = `question_key,value,n,moe,source
overall_services,56,2400,,
safety_day,47,2400,,
safety_night,42,,2.5,
streets_condition,36,,3,
parks_maintenance,50,2400,,
trash_collection,37,2400,,
`;

export const DEMO_TARGETS: Record<string, string> = { overall_services: '50', streets_condition: '45', safety_night: '50' };

export function seedBenchmarkDemo(ctx: AppContext, orgId: string, users: Record<Role, string>): void {
	const actor: Actor = { id: users.analyst ?? users.admin, organizationId: orgId, role: 'analyst' };
	const survey = ctx.surveys.list(actor).find((s) => s.title === 'Community survey 2026');
	if (!survey) return;
	const results = createResultsService({ database: ctx.database });
	results.importBenchmarks(actor, survey.id, { csv: DEMO_BENCHMARK_CSV, source: DEMO_BENCHMARK_SOURCE });
	for (const [key, target] of Object.entries(DEMO_TARGETS)) results.setTarget(actor, survey.id, key, target);
}

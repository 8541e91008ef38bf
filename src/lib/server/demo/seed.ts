/**
 * The demo organization, "Example City": created only when the demo database is empty. Later
 * modules add their own demo data through `demoSeeders`.
 */
import type { Role } from '../../domain/auth/roles';
import { activityRepo, districtRepo, organizationRepo, userRepo } from '../accounts/repository';
import { hashPassword } from '../auth/password';
import { newId } from '../auth/tokens';
import type { AppContext } from '../context';
import { focusAreas } from '../db/schema';
import { seedSurveyDemo } from '../surveys/demo';
import { seedBenchmarkDemo } from './benchmarks';
import { seedCycleDemo } from './cycles';

export const DEMO_ACCOUNTS: { email: string; name: string; role: Role }[] = [
	{ email: 'admin@example.gov', name: 'Alex Administrator', role: 'admin' },
	{ email: 'analyst@example.gov', name: 'Ana Analyst', role: 'analyst' },
	{ email: 'editor@example.gov', name: 'Eddie Editor', role: 'editor' },
	{ email: 'field@example.gov', name: 'Fran Field', role: 'field' },
	{ email: 'viewer@example.gov', name: 'Vic Viewer', role: 'viewer' }
];

export const DEMO_DISTRICTS = [
	{ code: 'D1', name: 'Downtown', population: 41_200 },
	{ code: 'D2', name: 'Riverside', population: 38_900 },
	{ code: 'D3', name: 'Northgate', population: 45_600 },
	{ code: 'D4', name: 'Eastfield', population: 36_300 },
	{ code: 'D5', name: 'Harbor', population: 33_000 }
];

export const DEMO_FOCUS_AREAS = [
	{ name: 'Public safety', description: 'Police, fire and emergency response; feeling safe in neighborhoods.' },
	{ name: 'Streets and sidewalks', description: 'Pavement condition, potholes, sidewalks and street lighting.' },
	{ name: 'Parks and recreation', description: 'Park upkeep, programs and facilities.' },
	{ name: 'Sanitation', description: 'Trash and recycling collection, street cleaning.' },
	{ name: 'Customer service', description: 'How residents are served when they call, visit or write.' }
];

/** Extra seeders registered by later modules; each runs once, right after the base seed. */
export type DemoSeeder = (ctx: AppContext, orgId: string, users: Record<Role, string>) => void | Promise<void>;
export const demoSeeders: DemoSeeder[] = [seedCycleDemo, seedSurveyDemo, seedBenchmarkDemo];

export async function seedDemo(ctx: AppContext): Promise<{ created: boolean; accounts: { email: string; role: Role }[] }> {
	const { db, tx } = ctx.database;
	const accounts = DEMO_ACCOUNTS.map(({ email, role }) => ({ email, role }));
	if (organizationRepo.count(db) > 0) return { created: false, accounts };
	const passwordHash = await hashPassword(ctx.config.demoPassword);
	const orgId = newId();
	const ids = {} as Record<Role, string>;
	tx((t) => {
		organizationRepo.insert(t, { id: orgId, name: 'Example City', slug: 'example-city', timeZone: 'America/New_York' });
		for (const a of DEMO_ACCOUNTS) {
			ids[a.role] = newId();
			userRepo.insert(t, { id: ids[a.role], organizationId: orgId, email: a.email, name: a.name, role: a.role, passwordHash });
		}
		for (const d of DEMO_DISTRICTS) districtRepo.insert(t, { id: newId(), organizationId: orgId, ...d });
		for (const f of DEMO_FOCUS_AREAS)
			t.insert(focusAreas)
				.values({ id: newId(), organizationId: orgId, ...f })
				.run();
		activityRepo.record(t, { organizationId: orgId, actorId: ids.admin, type: 'organization.created', subject: 'Example City' });
	});
	for (const seeder of demoSeeders) await seeder(ctx, orgId, ids);
	ctx.log.info({ organizationId: orgId }, 'demo.seeded');
	return { created: true, accounts };
}

/**
 * The experience dashboard against the real built server, on a seeded set whose numbers are
 * computed by hand (the formulas are in src/lib/domain/results/experience.ts):
 *
 * "Building permits" (Permits and Licensing, Counter), 80 responses:
 *   Jan 2026 (40): satisfaction 30 × 5, 10 × 2 → 75%, ±1.96·sqrt(.75·.25/40) = ±0.1341920266;
 *     effort 32 × 4, 8 × 2 → 80%; NPS 20 × 10, 10 × 8, 10 × 3 → 25, SE 100·sqrt(.6875/40) = 13.1101106.
 *   Feb 2026 (40): satisfaction 20 × 4, 20 × 1 → 50%; effort 32 × 5, 8 × 1 → 80%;
 *     NPS 10 × 9, 10 × 7, 20 × 0 → −25, same SE.
 *   Tests Feb vs Jan: satisfaction p = 0.0209213353 (pooled z = −2.3094), effort p = 1 (no
 *   difference), NPS p = 0.0070009420 (z = −50/sqrt(2·SE²)). BH over m = 3: NPS 3·0.0070009/1 =
 *   0.0210028259, satisfaction 3·0.0209213/2 = 0.0313820030, effort 1.
 * "Water billing" (Utilities, Phone), 35 responses in Feb 2026, all 5 / 5 / 10: its January is
 *   empty (suppressed), so its February is not compared ("too few responses").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import type { ExperienceResults } from '../../src/lib/server/results/experience';
import { surveyResponses } from '../../src/lib/server/db/schema';
import { versionRepo } from '../../src/lib/server/surveys/repository';
import type { AppContext } from '../../src/lib/server/context';
import { Client, setupOrganization, startServer, type RunningServer } from '../helpers/server';
import { liveSurvey, withContext } from '../helpers/surveys';

const L = (en: string) => ({ en, es: en });
const scale = [1, 2, 3, 4, 5].map((i) => L(String(i)));
const QUESTIONS: QuestionInput[] = [
	{ key: 'csat', type: 'rating5', text: L('Satisfied?'), labels: scale, focusArea: 'Customer service' },
	{ key: 'effort', type: 'rating5', text: L('Easy?'), labels: scale, focusArea: 'Customer service' },
	{ key: 'nps', type: 'nps', text: L('Recommend?'), lowLabel: L('No'), highLabel: L('Yes') }
];
const rep = (v: number, k: number) => Array<number>(k).fill(v);

let server: RunningServer;
let admin: Client;
let permits = '';
let water = '';
let community = '';

function insert(ctx: AppContext, surveyId: string, orgId: string, at: string, csat: number[], effort: number[], nps: number[]) {
	const v = versionRepo.latest(ctx.database.db, surveyId)!;
	const rows = csat.map((c, i) => ({
		surveyId,
		organizationId: orgId,
		versionId: v.id,
		responseUuid: crypto.randomUUID(),
		channel: 'api' as const,
		language: 'en',
		district: null,
		submittedAt: new Date(Date.parse(at) + i * 60_000),
		answers: { csat: c, effort: effort[i]!, nps: nps[i]! },
		payloadHash: `h${i}`
	}));
	ctx.database.tx((t) => t.insert(surveyResponses).values(rows).run());
}

const get = async (c: Client, id: string) => c.request(`/api/v1/surveys/${id}/experience`);

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	await withContext(server.dataDir, (ctx) => {
		const a = liveSurvey(ctx, {
			kind: 'experience',
			title: 'Building permits',
			questions: QUESTIONS,
			settings: { department: 'Permits and Licensing', service: 'Building permits', channel: 'Counter' }
		});
		const b = liveSurvey(ctx, {
			kind: 'experience',
			title: 'Water billing',
			questions: QUESTIONS,
			settings: { department: 'Utilities', service: 'Water billing', channel: 'Phone' }
		});
		const c = liveSurvey(ctx, { title: 'Community', questions: QUESTIONS });
		permits = a.id;
		water = b.id;
		community = c.id;
		const org = (ctx.database.sqlite.prepare('SELECT organization_id AS o FROM surveys WHERE id = ?').get(a.id) as { o: string }).o;
		insert(
			ctx,
			a.id,
			org,
			'2026-01-10T09:00:00Z',
			[...rep(5, 30), ...rep(2, 10)],
			[...rep(4, 32), ...rep(2, 8)],
			[...rep(10, 20), ...rep(8, 10), ...rep(3, 10)]
		);
		insert(
			ctx,
			a.id,
			org,
			'2026-02-10T09:00:00Z',
			[...rep(4, 20), ...rep(1, 20)],
			[...rep(5, 32), ...rep(1, 8)],
			[...rep(9, 10), ...rep(7, 10), ...rep(0, 20)]
		);
		insert(ctx, b.id, org, '2026-02-12T09:00:00Z', rep(5, 35), rep(5, 35), rep(10, 35));
	});
}, 120_000);
afterAll(async () => server?.dispose());

describe('GET /api/v1/surveys/<id>/experience', () => {
	it('serves satisfaction, effort and NPS by month with margins, SE and FDR-controlled flags', async () => {
		const res = await get(admin, permits);
		expect(res.status).toBe(200);
		const x = (await res.json()) as ExperienceResults;
		expect(x.granularity).toBe('month');
		expect(x.periods.map((p) => p.label)).toEqual(['Jan 2026', 'Feb 2026']);
		expect(x.measures).toEqual({ satisfaction: 'csat', effort: 'effort', nps: 'nps' });
		const [jan, feb] = x.overTime.rows[0]!.periods;
		expect(jan!.responses).toBe(40);
		expect(jan!.satisfaction.value).toBeCloseTo(0.75, 12);
		expect(jan!.satisfaction.moe).toBeCloseTo(0.1341920266, 9);
		expect(jan!.effort.value).toBeCloseTo(0.8, 12);
		expect(jan!.nps.value).toBeCloseTo(25, 10);
		expect(jan!.nps.se).toBeCloseTo(13.1101106021, 8);
		expect(feb!.nps.value).toBeCloseTo(-25, 10);

		expect(feb!.satisfaction.comparison).toMatchObject({ flag: 'much lower', significant: true });
		expect(feb!.satisfaction.comparison!.pValue).toBeCloseTo(0.0209213353, 9);
		expect(feb!.satisfaction.comparison!.adjustedPValue).toBeCloseTo(0.031382003, 8);
		expect(feb!.nps.comparison!.adjustedPValue).toBeCloseTo(0.0210028259, 8);
		expect(feb!.nps.comparison!.reason).toBe('Much lower than Jan 2026 (NPS -25 vs NPS 25, significant after FDR control)');
		expect(feb!.effort.comparison).toMatchObject({ flag: 'similar', significant: false, adjustedPValue: 1 });
	});

	it('groups the organization’s experience surveys by department, service and channel, suppressing small cells', async () => {
		const x = (await (await get(admin, permits)).json()) as ExperienceResults;
		expect(x.surveys.map((s) => [s.title, s.responses])).toEqual([
			['Building permits', 80],
			['Water billing', 35]
		]);
		const dept = x.byGroup.find((v) => v.by === 'department')!;
		expect(dept.rows.map((r) => r.group)).toEqual(['Permits and Licensing', 'Utilities']);
		const util = dept.rows[1]!.periods;
		expect(util[0]!.satisfaction).toMatchObject({ n: 0, value: null, suppressed: true });
		expect(util[1]!.satisfaction.value).toBe(1);
		expect(util[1]!.nps.value).toBe(100);
		expect(util[1]!.satisfaction.comparison!.flag).toBe('too few responses');
		// The Permits row is the same family of tests as the time view (Utilities adds none).
		expect(dept.rows[0]!.periods[1]!.nps.comparison!.adjustedPValue).toBeCloseTo(0.0210028259, 8);
		expect(x.byGroup.find((v) => v.by === 'channel')!.rows.map((r) => r.group)).toEqual(['Counter', 'Phone']);
	});

	it('refuses a survey that is not an experience survey, and is in the OpenAPI document', async () => {
		const res = await get(admin, community);
		expect(res.status).toBe(400);
		expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Only experience surveys/);
		const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
		expect(Object.keys(doc.paths)).toContain('/surveys/{id}/experience');
	});

	it('renders the dashboard with its table and flags in words; links it from the survey page', async () => {
		const html = await (await admin.request(`/surveys/${permits}/experience`)).text();
		expect(html).toContain('Experience over time');
		expect(html).toContain('Much lower than Jan 2026 (50% vs 75%, significant after FDR control)');
		expect(html).toContain('<table');
		expect(await (await admin.request(`/surveys/${permits}`)).text()).toContain(`href="/surveys/${permits}/experience"`);
		expect(await (await admin.request(`/surveys/${community}`)).text()).not.toContain('/experience"');
		expect((await admin.request(`/surveys/${water}/experience`)).status).toBe(200);
	});

	it("answers 404 for another organization's survey", async () => {
		const theirs = await withContext(server.dataDir, async (ctx) => {
			await ctx.accounts.provisionOrganization({
				organizationName: 'Other Town',
				timeZone: 'UTC',
				name: 'Bob',
				email: 'bob@other.gov',
				password: 'other password'
			});
			return liveSurvey(ctx, { email: 'bob@other.gov', kind: 'experience', title: 'Theirs', questions: QUESTIONS }).id;
		});
		expect((await get(admin, theirs)).status).toBe(404);
		expect((await admin.request(`/surveys/${theirs}/experience`)).status).toBe(404);
		// And their survey never enters our department / service / channel views.
		const x = (await (await get(admin, permits)).json()) as ExperienceResults;
		expect(x.surveys.map((s) => s.title)).not.toContain('Theirs');
	});
});

describe('phone results view (/results)', () => {
	it('lists the surveys with responses and renders one card per focus area', async () => {
		const list = await (await admin.request('/results')).text();
		expect(list).toContain(`href="/results/${permits}"`);
		expect(list).toContain(`href="/results/${water}"`);
		expect(list).not.toContain(`href="/results/${community}"`); // no responses yet
		const html = await (await admin.request(`/results/${permits}`)).text();
		// Satisfaction 50 of 80 positive = 62.5% → 63%, ±1.96·sqrt(.625·.375/80) = ±10.6 points; ease 64/80 = 80%;
		// the NPS question (no focus area → "General") counts promoters: 30/80 = 37.5% → 38%.
		expect(html).toMatch(/<h2[^>]*>Customer service<\/h2>/);
		expect(html).toMatch(/63%<\/span>\s*<span class="moe[^"]*">positive ± 10\.6 pts/);
		expect(html).toMatch(/Easy\?<\/span>\s*<strong>80% ± /);
		expect(html).toMatch(/<h2[^>]*>General<\/h2>/);
		expect(html).toContain('38%');
		expect(html).toContain('No previous cycle to compare with yet.');
	});

	it("answers 404 for another organization's survey", async () => {
		const theirs = await withContext(server.dataDir, (ctx) => {
			const id = ctx.database.sqlite.prepare("SELECT id FROM surveys WHERE title = 'Theirs'").get() as { id: string } | undefined;
			return id?.id ?? liveSurvey(ctx, { email: 'bob@other.gov', kind: 'experience', title: 'Theirs', questions: QUESTIONS }).id;
		});
		expect((await admin.request(`/results/${theirs}`)).status).toBe(404);
	});
});

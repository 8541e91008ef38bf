/**
 * Results against the real built server: the API's numbers equal an independent computation from
 * the stored responses (unweighted, then raked to age margins), comparison with the previous
 * closed cycle, bad margins named by dimension (API and form), other organizations sealed off.
 */
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import { Client, addMember, setupOrganization, startServer, type RunningServer } from '../helpers/server';
import { actorByEmail, liveSurvey, response, withContext } from '../helpers/surveys';

const L = (en: string) => ({ en, es: en });
const QUESTIONS: QuestionInput[] = [
	{
		key: 'overall',
		type: 'rating5',
		text: L('Overall'),
		labels: [1, 2, 3, 4, 5].map((i) => L(String(i))),
		dontKnow: true,
		focusArea: 'Services'
	},
	{ key: 'recommend', type: 'nps', text: L('Recommend'), lowLabel: L('Not likely'), highLabel: L('Very likely') },
	{
		key: 'age',
		type: 'demographic',
		dimension: 'age_band',
		text: L('Age'),
		options: [
			{ code: 'young', label: L('Under 40') },
			{ code: 'old', label: L('40 or older') }
		]
	}
];

let server: RunningServer;
let admin: Client;
let current: string;
let previous: string;

async function feed(id: string, count: number, answer: (i: number) => Record<string, unknown>) {
	for (let i = 0; i < count; i++) {
		const res = await fetch(`${server.url}/api/v1/surveys/${id}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(response(answer(i)))
		});
		if (res.status !== 201) throw new Error(`feed failed: ${res.status} ${await res.text()}`);
	}
}

/** Stored answers, read straight from the database file. */
function stored(id: string): Record<string, unknown>[] {
	const db = new Database(join(server.dataDir, 'civicloop.db'), { readonly: true });
	try {
		const rows = db.prepare('SELECT answers FROM survey_responses WHERE survey_id = ?').all(id) as { answers: string }[];
		return rows.map((r) => JSON.parse(r.answers) as Record<string, unknown>);
	} finally {
		db.close();
	}
}

/** Independent estimate: weighted mean, top-2 box, Kish deff and MOE over those who answered. */
function expected(rows: Record<string, unknown>[], weight: (r: Record<string, unknown>) => number) {
	const answered = rows.filter((r) => typeof r.overall === 'number');
	const w = answered.map(weight);
	const y = answered.map((r) => r.overall as number);
	const sw = w.reduce((a, b) => a + b, 0);
	const sw2 = w.reduce((a, b) => a + b * b, 0);
	const n = answered.length;
	const p = w.reduce((a, wi, i) => a + (y[i]! >= 4 ? wi : 0), 0) / sw;
	const deff = (n * sw2) / (sw * sw);
	return { n, mean: w.reduce((a, wi, i) => a + wi * y[i]!, 0) / sw, p, deff, moe: 1.96 * Math.sqrt((deff * p * (1 - p)) / n) };
}

interface Api {
	responses: number;
	previousSurvey: { id: string } | null;
	weighting: { applied: boolean; report: { converged: boolean; deff: number; effectiveSampleSize: number } | null };
	questions: {
		key: string;
		weighted: { n: number; mean: number; percentPositive: number; moe: number; deff: number };
		unweighted: { n: number; percentPositive: number };
		nps: { nps: number } | null;
		previous: { percentPositive: number } | null;
		comparison: { flag: string; reason: string } | null;
	}[];
	highest: string[];
	lowest: string[];
}

const results = async (id: string) => (await (await admin.request(`/api/v1/surveys/${id}/results`)).json()) as Api;

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	const settings = { ipLimitPerMinute: '100000' };
	previous = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { title: 'Last year', questions: QUESTIONS, settings }).id);
	await feed(previous, 80, (i) => ({ overall: (i % 5) + 1, recommend: i % 11, age: i % 2 ? 'young' : 'old' }));
	await withContext(server.dataDir, (ctx) => ctx.surveys.act(actorByEmail(ctx, 'ada@test.gov'), previous, { action: 'close' }));
	current = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { title: 'This year', questions: QUESTIONS, settings }).id);
	// Young respondents are over-represented (3 in 4) and rate higher; some answer "don't know".
	await feed(current, 120, (i) =>
		i % 4 === 3
			? { overall: (i % 3) + 1, recommend: 5, age: 'old' }
			: { overall: i % 10 === 0 ? 'dk' : 4 + (i % 2), recommend: 9 + (i % 2), age: 'young' }
	);
}, 120_000);
afterAll(async () => server?.dispose());

describe('GET /api/v1/surveys/<id>/results', () => {
	it('equals an independent unweighted computation and compares with the previous closed cycle', async () => {
		const r = await results(current);
		expect(r.responses).toBe(120);
		expect(r.weighting.applied).toBe(false);
		expect(r.previousSurvey?.id).toBe(previous);
		const q = r.questions.find((x) => x.key === 'overall')!;
		const e = expected(stored(current), () => 1);
		expect(q.weighted.n).toBe(e.n);
		expect(q.weighted.mean).toBeCloseTo(e.mean, 10);
		expect(q.weighted.percentPositive).toBeCloseTo(e.p, 10);
		expect(q.weighted.moe).toBeCloseTo(e.moe, 10);
		expect(q.previous!.percentPositive).toBeCloseTo(expected(stored(previous), () => 1).p, 10);
		expect(q.comparison!.flag).toBe('much higher');
		expect(q.comparison!.reason).toMatch(/^Much higher than last cycle \(\d+% vs 40%, significant after FDR control\)$/);
		expect(r.questions.find((x) => x.key === 'recommend')!.nps).not.toBeNull();
		expect(r.highest).toEqual(['recommend', 'overall']); // 90/120 = 75% vs 81/111 = 73%
		expect(r.lowest).toEqual(['overall', 'recommend']);
	});

	it('rakes to population margins; weighted numbers equal an independent computation', async () => {
		const put = await admin.json(`/api/v1/surveys/${current}/results/margins`, 'PUT', { margins: { age_band: { young: 0.5, old: 0.5 } } });
		expect(put.status).toBe(200);
		const rows = stored(current);
		const young = rows.filter((x) => x.age === 'young').length;
		const weight = (x: Record<string, unknown>) =>
			x.age === 'young' ? (0.5 * rows.length) / young : (0.5 * rows.length) / (rows.length - young);
		const r = await results(current);
		expect(r.weighting.applied).toBe(true);
		expect(r.weighting.report!.converged).toBe(true);
		const q = r.questions.find((x) => x.key === 'overall')!;
		const e = expected(rows, weight);
		expect(q.weighted.mean).toBeCloseTo(e.mean, 8);
		expect(q.weighted.percentPositive).toBeCloseTo(e.p, 8);
		expect(q.weighted.deff).toBeCloseTo(e.deff, 8);
		expect(q.weighted.moe).toBeCloseTo(e.moe, 8);
		expect(q.unweighted.percentPositive).toBeCloseTo(expected(rows, () => 1).p, 10);
	});

	it('exports each response with the weight the results use (CSV), none before margins exist', async () => {
		const before = Papa.parse<Record<string, string>>(
			(await (await admin.request(`/surveys/${previous}/responses.csv?values=codes`)).text()).replace(/^\uFEFF/, ''),
			{
				header: true,
				skipEmptyLines: true
			}
		);
		expect(before.meta.fields).not.toContain('weight'); // the previous survey has no margins
		const csv = await admin.request(`/surveys/${current}/responses.csv?values=codes`);
		const rows = Papa.parse<Record<string, string>>((await csv.text()).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
		const young = rows.filter((x) => x.age === 'young').length;
		expect(rows.length).toBe(stored(current).length);
		for (const x of rows) {
			const expected = x.age === 'young' ? (0.5 * rows.length) / young : (0.5 * rows.length) / (rows.length - young);
			expect(Number(x.weight)).toBeCloseTo(expected, 8);
		}
	});

	it('refuses margins that do not sum to 1, naming the dimension (API and form)', async () => {
		const res = await admin.json(`/api/v1/surveys/${current}/results/margins`, 'PUT', { margins: { age_band: { young: 0.5, old: 0.4 } } });
		expect(res.status).toBe(400);
		const body = (await res.json()) as { error: { message: string; fields: Record<string, string> } };
		expect(body.error.fields.age_band).toBe('"age_band" shares sum to 0.9, expected 1.');
		const form = await admin.form(`/surveys/${current}/results?/margins`, { 'share:age_band:young': '50', 'share:age_band:old': '40' });
		expect(form.status).toBe(400);
		expect(await form.text()).toMatch(/age_band(&quot;|")? shares sum to 0\.9/);
	});

	it('lets a viewer read results but not set margins', async () => {
		const viewer = await addMember(server, admin, 'vic@test.gov', 'viewer');
		expect((await viewer.request(`/api/v1/surveys/${current}/results`)).status).toBe(200);
		const put = await viewer.json(`/api/v1/surveys/${current}/results/margins`, 'PUT', { margins: { age_band: { young: 0.5, old: 0.5 } } });
		expect(put.status).toBe(403);
		expect(await (await viewer.request(`/surveys/${current}/results`)).text()).not.toContain('Save margins');
	});

	it('is in the OpenAPI document', async () => {
		const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
		expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/surveys/{id}/results', '/surveys/{id}/results/margins']));
	});

	it('renders the dashboard', async () => {
		const res = await admin.request(`/surveys/${current}/results`);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('Results that deviate from benchmarks');
		expect(html).toContain('than last cycle');
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
			return liveSurvey(ctx, { email: 'bob@other.gov', title: 'Theirs', questions: QUESTIONS }).id;
		});
		expect((await admin.request(`/api/v1/surveys/${theirs}/results`)).status).toBe(404);
		expect((await admin.request(`/surveys/${theirs}/results`)).status).toBe(404);
		const put = await admin.json(`/api/v1/surveys/${theirs}/results/margins`, 'PUT', { margins: {} });
		expect(put.status).toBe(404);
	});
});

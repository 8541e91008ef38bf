/**
 * Survey intake over HTTP against the real built server (RELIABILITY.md): replays, conflicts,
 * single-use tokens under a stampede, validation, rate limits and closed surveys. Each case
 * reports what it counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, setupOrganization, startServer, type RunningServer } from '../helpers/server';
import { actorByEmail, liveSurvey, response, storedResponses, withContext } from '../helpers/surveys';

let server: RunningServer;
let admin: Client;
let survey: { id: string; slug: string };
const HIGH = { ipLimitPerMinute: '1000000', surveyLimitPerMinute: '10000000' };

const post = (id: string, body: unknown, headers: Record<string, string> = {}) =>
	fetch(`${server.url}/api/v1/surveys/${id}/responses`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body)
	});

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	survey = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { settings: HIGH }));
});
afterAll(async () => server?.dispose());

describe('idempotent intake', () => {
	it('stores each response once when every response is re-sent 1–5 times concurrently (rows == distinct ids, 0 duplicates)', async () => {
		const distinct = 300;
		const bodies = Array.from({ length: distinct }, (_, i) => response({ overall: (i % 5) + 1, fix_first: 'lights', kids: i % 4 }));
		const sends = bodies.flatMap((b, i) => Array.from({ length: (i % 5) + 1 }, () => b));
		const results = await Promise.all(sends.map(async (b) => ({ uuid: b.uuid, status: (await post(survey.id, b)).status })));
		const created = results.filter((r) => r.status === 201);
		const replays = results.filter((r) => r.status === 200);
		expect(results.length).toBe(sends.length);
		expect(created.length).toBe(distinct);
		expect(new Set(created.map((r) => r.uuid)).size).toBe(distinct);
		expect(replays.length).toBe(sends.length - distinct);
		const stored = storedResponses(server.dataDir, survey.id);
		expect(stored.rows).toBe(distinct);
		expect(stored.rows - stored.distinct).toBe(0);
	});

	it('answers a replay with the original body and duplicate: true', async () => {
		const b = response({ overall: 4, mode: 'bus' });
		const first = await post(survey.id, b);
		expect(first.status).toBe(201);
		const firstBody = await first.json();
		expect(firstBody.duplicate).toBe(false);
		const again = await post(survey.id, { ...b, answers: { mode: 'bus', overall: 4 } });
		expect(again.status).toBe(200);
		expect(await again.json()).toEqual({ ...firstBody, duplicate: true });
	});

	it('refuses the same uuid with different content: 409, the first stays', async () => {
		const b = response({ overall: 4 });
		expect((await post(survey.id, b)).status).toBe(201);
		const res = await post(survey.id, { ...b, answers: { overall: 5 } });
		expect(res.status).toBe(409);
		expect((await res.json()).error.code).toBe('survey.duplicate_conflict');
	});

	it('refuses invalid answers with 400 naming each key, and stores nothing', async () => {
		const before = storedResponses(server.dataDir, survey.id).rows;
		const res = await post(survey.id, response({ overall: 9, mode: 'train', kids: 40, fix_first: 'hidden anyway' }));
		expect(res.status).toBe(400);
		const body = await res.json();
		expect(Object.keys(body.error.fields).sort()).toEqual(['kids', 'mode', 'overall']);
		const missing = await post(survey.id, response({ overall: 1 }, { language: 'es' }));
		expect(missing.status).toBe(400);
		expect((await missing.json()).error.fields.fix_first).toMatch(/necesita una respuesta/);
		expect((await post(survey.id, { answers: { overall: 3 } })).status).toBe(400);
		expect((await post(survey.id, response({ overall: 3 }, { channel: 'import' }))).status).toBe(403);
		expect(storedResponses(server.dataDir, survey.id).rows).toBe(before);
	});

	it('answers 404 for an unknown or unpublished survey', async () => {
		expect((await post(crypto.randomUUID(), response({ overall: 3 }))).status).toBe(404);
		const draft = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { publish: false, title: 'Approved only' }));
		expect((await post(draft.id, response({ overall: 3 }))).status).toBe(404);
	});
});

describe('invitation tokens', () => {
	it('accepts exactly 1 of 1,000 concurrent submissions of one token', async () => {
		const s = await withContext(server.dataDir, (ctx) =>
			liveSurvey(ctx, { title: 'Invited', settings: { ...HIGH, access: 'invitation' } })
		);
		const csv = await admin.form(`/surveys/${s.id}/tokens.csv`, { count: '3' });
		expect(csv.status).toBe(200);
		const links = (await csv.text()).match(/\/s\/[^/\s,"]+\/([a-z2-7]{32})/g)!;
		expect(links.length).toBe(3);
		const token = links[0]!.split('/').at(-1)!;
		const statuses = await Promise.all(
			Array.from({ length: 1000 }, async () => (await post(s.id, response({ overall: 4 }, { token }))).status)
		);
		const accepted = statuses.filter((x) => x === 201).length;
		expect(accepted).toBe(1);
		expect(statuses.filter((x) => x === 409).length).toBe(999);
		expect(storedResponses(server.dataDir, s.id).rows).toBe(1);
		// Without a token, or with a made-up one, an invitation-only survey refuses.
		expect((await post(s.id, response({ overall: 4 }))).status).toBe(403);
		expect((await post(s.id, response({ overall: 4 }, { token: 'a'.repeat(32) }))).status).toBe(403);
		// The other links still work once each.
		expect((await post(s.id, response({ overall: 4 }, { token: links[1]!.split('/').at(-1)! }))).status).toBe(201);
	});
});

describe('limits and closing', () => {
	it('rate-limits per IP: 429 with Retry-After', async () => {
		const s = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { title: 'Limited', settings: { ipLimitPerMinute: '5' } }));
		const statuses: number[] = [];
		let retryAfter: string | null = null;
		for (let i = 0; i < 8; i++) {
			const res = await post(s.id, response({ overall: 3 }));
			statuses.push(res.status);
			if (res.status === 429) retryAfter = res.headers.get('retry-after');
		}
		expect(statuses.filter((x) => x === 201).length).toBe(5);
		expect(statuses.filter((x) => x === 429).length).toBe(3);
		expect(Number(retryAfter)).toBeGreaterThan(0);
	});

	it('answers 410 once the survey is closed, but still replays a stored response', async () => {
		const s = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { title: 'Closing', settings: HIGH }));
		const b = response({ overall: 5 });
		expect((await post(s.id, b)).status).toBe(201);
		await withContext(server.dataDir, (ctx) => ctx.surveys.act(actorByEmail(ctx, 'ada@test.gov'), s.id, { action: 'close' }));
		const late = await post(s.id, response({ overall: 5 }));
		expect(late.status).toBe(410);
		expect((await late.json()).error.code).toBe('survey.closed');
		expect((await post(s.id, b)).status).toBe(200);
		// The resident page says so, in the resident's language.
		const page = await (await fetch(`${server.url}/s/${s.slug}?lang=es`)).text();
		expect(page).toContain('Esta encuesta está cerrada');
		expect(page).not.toContain('<form');
	});

	it('accepts an experience survey fed by a service-desk system with an API token', async () => {
		const s = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { kind: 'experience', title: 'Desk', settings: HIGH }));
		const page = await (await admin.form('/settings?/createToken', { name: 'service desk' })).text();
		const token = /cl_[a-z2-7]{32}/.exec(page)![0];
		const res = await post(s.id, response({ overall: 4 }, { channel: 'api' }), { authorization: `Bearer ${token}` });
		expect(res.status).toBe(201);
	});
});

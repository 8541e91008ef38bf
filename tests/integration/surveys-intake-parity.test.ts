/**
 * The intake fast path (server/index.ts → src/lib/server/surveys/intake-fast.ts) against the
 * SvelteKit route it stands in for. Two real processes on one data directory: `fast` as shipped,
 * `slow` with CIVICLOOP_INTAKE_FAST_PATH=off (every request through hooks.server.ts and the
 * route). Each case is sent to both; status, JSON body and every header except framing and date
 * must be equal once the per-request parts (uuid, submittedAt, Retry-After seconds) are masked.
 * /healthz's intakeFastPath count proves which process answered on the fast path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupOrganization, startServer, tempDataDir, type Client, type RunningServer } from '../helpers/server';
import { actorByEmail, liveSurvey, response, withContext } from '../helpers/surveys';
import { rmSync } from 'node:fs';
import { request } from 'node:http';

const HIGH = { ipLimitPerMinute: '1000000', surveyLimitPerMinute: '10000000' };
const FRAMING = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

let dir: string;
let fast: RunningServer;
let slow: RunningServer;
let admin: Client;
let apiToken: string;
let open: { id: string };
let invited: { id: string };
let closed: { id: string };
let closedReplay: ReturnType<typeof response>;

beforeAll(async () => {
	dir = tempDataDir();
	fast = await startServer({ dataDir: dir });
	admin = await setupOrganization(fast);
	slow = await startServer({ dataDir: dir, env: { CIVICLOOP_INTAKE_FAST_PATH: 'off' } });
	const page = await (await admin.form('/settings?/createToken', { name: 'service desk' })).text();
	apiToken = /cl_[a-z2-7]{32}/.exec(page)![0];
	open = await withContext(dir, (ctx) => liveSurvey(ctx, { title: 'Open', settings: HIGH }));
	invited = await withContext(dir, (ctx) => liveSurvey(ctx, { title: 'Invited', settings: { ...HIGH, access: 'invitation' } }));
	closed = await withContext(dir, (ctx) => liveSurvey(ctx, { title: 'Closed', settings: HIGH }));
	closedReplay = response({ overall: 4 });
	expect((await send(fast, closed.id, { body: closedReplay })).status).toBe(201);
	await withContext(dir, (ctx) => ctx.surveys.act(actorByEmail(ctx, 'ada@test.gov'), closed.id, { action: 'close' }));
});
afterAll(async () => {
	await fast?.stop();
	await slow?.stop();
	rmSync(dir, { recursive: true, force: true });
});

interface Sent {
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

async function send(
	server: RunningServer,
	surveyId: string,
	o: { body?: unknown; raw?: string; headers?: Record<string, string>; cookie?: 'admin' | 'stale'; origin?: 'self' | 'evil' } = {}
): Promise<Sent> {
	const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
	if (o.cookie === 'admin') headers.cookie = admin.cookieHeader;
	if (o.cookie === 'stale') headers.cookie = `civicloop_session=${'a'.repeat(32)}`;
	if (o.origin) headers.origin = o.origin === 'self' ? server.url : 'https://evil.example';
	const payload = o.raw ?? JSON.stringify(o.body);
	// One connection per request (agent: false): adapter-node resets a keep-alive connection after
	// refusing a body unread (413), which would otherwise fail the next request on that socket.
	const res = await new Promise<{ status: number; headers: Record<string, string>; text: string }>((resolve, reject) => {
		const req = request(
			`${server.url}/api/v1/surveys/${surveyId}/responses`,
			{ method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(payload)) }, agent: false },
			(r) => {
				const chunks: Buffer[] = [];
				r.on('data', (c: Buffer) => chunks.push(c));
				r.on('end', () =>
					resolve({
						status: r.statusCode!,
						headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
						text: Buffer.concat(chunks).toString('utf8')
					})
				);
				r.on('error', reject);
			}
		);
		// The server may answer (413) and close before reading all of a large body.
		req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
		req.end(payload);
	});
	const text = res.text;
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		/* not JSON: compared as text */
	}
	const kept: Record<string, string> = {};
	for (const [k, v] of Object.entries(res.headers)) if (!FRAMING.has(k)) kept[k] = k === 'retry-after' ? 'n>0' : v;
	if (res.headers['retry-after']) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
	return { status: res.status, headers: kept, body };
}

/** Masks what differs by request: the uuid sent and the time stored. */
function mask(s: Sent, uuid?: string): Sent {
	let text = JSON.stringify(s.body);
	if (uuid) text = text.replaceAll(uuid.toLowerCase(), '<uuid>');
	text = text.replace(/"submittedAt":"[^"]+"/, '"submittedAt":"<time>"');
	return { ...s, body: JSON.parse(text) };
}

const fastServed = async () => (await (await fetch(`${fast.url}/healthz`)).json()).intakeFastPath as number;

/**
 * Sends `make()` (a fresh request per server, when it carries a new uuid) to both processes and
 * expects the same answer; returns the fast path's answer.
 */
async function same(
	surveyId: string | (() => string),
	make: () => { body?: unknown; raw?: string; headers?: Record<string, string>; cookie?: 'admin' | 'stale'; origin?: 'self' | 'evil' },
	onFastPath = true
): Promise<Sent> {
	const id = typeof surveyId === 'string' ? surveyId : surveyId();
	const a = make();
	const b = make();
	const before = await fastServed();
	const onFast = mask(await send(fast, id, a), (a.body as { uuid?: string } | undefined)?.uuid);
	expect(await fastServed()).toBe(before + (onFastPath ? 1 : 0));
	const onSlow = mask(await send(slow, id, b), (b.body as { uuid?: string } | undefined)?.uuid);
	expect(onFast).toEqual(onSlow);
	return onFast;
}

describe('fast path and SvelteKit route answer alike', () => {
	it('the slow process never takes the fast path', async () => {
		const health = await (await fetch(`${slow.url}/healthz`)).json();
		expect(health.intakeFastPath).toBeUndefined();
	});

	it('valid response: 201 with the stored uuid and time, security headers, no cache-control', async () => {
		const r = await same(open.id, () => ({ body: response({ overall: 4, mode: 'bus' }) }));
		expect(r.status).toBe(201);
		expect(r.body).toEqual({ response: { uuid: '<uuid>', submittedAt: '<time>' }, duplicate: false });
		expect(r.headers).toMatchObject({ 'content-type': 'application/json', 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff' });
		expect(r.headers['cache-control']).toBeUndefined();
	});

	it('invalid answers: 400 naming each field, in the language sent', async () => {
		const r = await same(open.id, () => ({ body: response({ overall: 9, mode: 'train' }) }));
		expect(r.status).toBe(400);
		expect(Object.keys((r.body as { error: { fields: object } }).error.fields).sort()).toEqual(['mode', 'overall']);
		const es = await same(open.id, () => ({ body: response({ overall: 1 }, { language: 'es' }) }));
		expect((es.body as { error: { fields: Record<string, string> } }).error.fields.fix_first).toMatch(/necesita una respuesta/);
		const noUuid = await same(open.id, () => ({ body: { answers: { overall: 3 } } }));
		expect(noUuid.status).toBe(400);
	});

	it('duplicate uuid: 200 with the original body, whichever process stored it', async () => {
		const b = response({ overall: 5 });
		const first = await send(fast, open.id, { body: b });
		expect(first.status).toBe(201);
		const r = await same(open.id, () => ({ body: { ...b, answers: { overall: 5 } } }));
		expect(r.status).toBe(200);
		expect(r.body).toEqual({ ...(first.body as object), duplicate: true, response: { uuid: '<uuid>', submittedAt: '<time>' } });
		// Unmasked: the replay from the other process carries the very time stored by the first.
		expect((await send(slow, open.id, { body: b })).body).toEqual({ ...(first.body as object), duplicate: true });
	});

	it('same uuid with other content: 409 survey.duplicate_conflict', async () => {
		const b = response({ overall: 5 });
		expect((await send(slow, open.id, { body: b })).status).toBe(201);
		const r = await same(open.id, () => ({ body: { ...b, answers: { overall: 4 } } }));
		expect(r.status).toBe(409);
		expect((r.body as { error: { code: string } }).error.code).toBe('survey.duplicate_conflict');
	});

	it('closed survey: 410, and a replay of a stored response still gets its answer', async () => {
		const r = await same(closed.id, () => ({ body: response({ overall: 3 }) }));
		expect(r.status).toBe(410);
		const replay = await same(closed.id, () => ({ body: closedReplay }));
		expect(replay.status).toBe(200);
	});

	it('closing and reopening a survey is seen at once by both processes (cached checker dropped and rebuilt)', async () => {
		const s = await withContext(dir, (ctx) => liveSurvey(ctx, { title: 'Reopened', settings: HIGH }));
		expect((await same(s.id, () => ({ body: response({ overall: 2, fix_first: 'potholes' }) }))).status).toBe(201);
		const act = (action: 'close' | 'reopen') =>
			withContext(dir, (ctx) => ctx.surveys.act(actorByEmail(ctx, 'ada@test.gov'), s.id, { action }));
		await act('close');
		expect((await same(s.id, () => ({ body: response({ overall: 2, fix_first: 'potholes' }) }))).status).toBe(410);
		await act('reopen');
		const again = await same(s.id, () => ({ body: response({ overall: 9 }) }));
		expect(again.status).toBe(400);
		expect((await same(s.id, () => ({ body: response({ overall: 2, fix_first: 'potholes' }) }))).status).toBe(201);
	});

	it('unknown survey: 404', async () => {
		const r = await same(crypto.randomUUID(), () => ({ body: response({ overall: 3 }) }));
		expect(r.status).toBe(404);
		expect((r.body as { error: { code: string } }).error.code).toBe('survey.not_found');
	});

	it('invitation-only survey without a token, or with a made-up one: 403', async () => {
		const none = await same(invited.id, () => ({ body: response({ overall: 3 }) }));
		expect(none.status).toBe(403);
		const madeUp = await same(invited.id, () => ({ body: response({ overall: 3 }, { token: 'a'.repeat(32) }) }));
		expect((madeUp.body as { error: { code: string } }).error.code).toBe('survey.token_invalid');
	});

	it('channel api without an API token: 403; with a valid token: 201, private cache-control', async () => {
		const anon = await same(open.id, () => ({ body: response({ overall: 3 }, { channel: 'api' }) }));
		expect(anon.status).toBe(403);
		const ok = await same(open.id, () => ({
			body: response({ overall: 3 }, { channel: 'api' }),
			headers: { authorization: `Bearer ${apiToken}` }
		}));
		expect(ok.status).toBe(201);
		expect(ok.headers['cache-control']).toBe('private, no-cache');
	});

	it('bad API token: 401 with WWW-Authenticate: Bearer', async () => {
		const r = await same(open.id, () => ({ body: response({ overall: 3 }), headers: { authorization: `Bearer cl_${'a'.repeat(32)}` } }));
		expect(r.status).toBe(401);
		expect(r.headers['www-authenticate']).toBe('Bearer');
	});

	it('session cookie: refused from another Origin (403 auth.bad_origin), accepted from its own', async () => {
		const evil = await same(open.id, () => ({ body: response({ overall: 3 }), cookie: 'admin', origin: 'evil' }));
		expect(evil.status).toBe(403);
		expect((evil.body as { error: { code: string } }).error.code).toBe('auth.bad_origin');
		const missing = await same(open.id, () => ({ body: response({ overall: 3 }), cookie: 'admin' }));
		expect(missing.status).toBe(403);
		const own = await same(open.id, () => ({ body: response({ overall: 3 }, { channel: 'field' }), cookie: 'admin', origin: 'self' }));
		expect(own.status).toBe(201);
		expect(own.headers['cache-control']).toBe('private, no-cache');
	});

	it('an unknown session cookie is ignored and cleared', async () => {
		const r = await same(open.id, () => ({ body: response({ overall: 3 }), cookie: 'stale', origin: 'self' }));
		expect(r.status).toBe(201);
		expect(r.headers['set-cookie']).toMatch(/^civicloop_session=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
	});

	it('oversize body: 413 payload.too_large', async () => {
		const r = await same(open.id, () => ({ body: response({ overall: 3, comment: 'x'.repeat(210_000) }) }));
		expect(r.status).toBe(413);
		expect((r.body as { error: { code: string } }).error.code).toBe('payload.too_large');
	});

	it('wrong content type or broken JSON: 400; text/plain is refused by SvelteKit itself (403)', async () => {
		const xml = await same(open.id, () => ({ raw: '<r/>', headers: { 'content-type': 'application/xml' } }));
		expect(xml.status).toBe(400);
		expect((xml.body as { error: { message: string } }).error.message).toBe('Send the body as application/json.');
		const broken = await same(open.id, () => ({ raw: '{"uuid":' }));
		expect((broken.body as { error: { message: string } }).error.message).toBe('The body is not valid JSON.');
		// Form content types are left to SvelteKit's CSRF check: the fast path does not answer them.
		const plain = await same(open.id, () => ({ raw: '{}', headers: { 'content-type': 'text/plain' } }), false);
		expect(plain.status).toBe(403);
	});

	it('rate limit per IP: the same 201s then 429s with Retry-After from both', async () => {
		const limited = await withContext(dir, (ctx) => liveSurvey(ctx, { title: 'Limited', settings: { ipLimitPerMinute: '3' } }));
		const answers: Sent[] = [];
		// Each process counts its own window (limits are per process): 3 accepted, then refused.
		for (let i = 0; i < 5; i++) answers.push(await same(limited.id, () => ({ body: response({ overall: 3 }) })));
		expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429, 429]);
		expect(answers[3]!.headers['retry-after']).toBe('n>0');
		expect((answers[4]!.body as { error: { code: string } }).error.code).toBe('survey.rate_limited');
	});

	it('rate limit per survey applies to staff too', async () => {
		const limited = await withContext(dir, (ctx) => liveSurvey(ctx, { title: 'Survey-limited', settings: { surveyLimitPerMinute: '2' } }));
		const statuses: number[] = [];
		for (let i = 0; i < 3; i++)
			statuses.push(
				(
					await same(limited.id, () => ({
						body: response({ overall: 3 }, { channel: 'api' }),
						headers: { authorization: `Bearer ${apiToken}` }
					}))
				).status
			);
		expect(statuses).toEqual([201, 201, 429]);
	});
});

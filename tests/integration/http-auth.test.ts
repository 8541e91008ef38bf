/**
 * Sessions, sign-in and setup over HTTP against the real built server (RELIABILITY.md: session
 * suite). Every request is a real request; nothing is mocked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let admin: Client;

beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => server?.dispose());

describe('first run', () => {
	it('sends every visitor to the setup form while the database is empty', async () => {
		const c = new Client(server.url);
		const res = await c.request('/');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/setup');
		expect(await (await c.request('/login')).status).toBe(303);
	});

	it('names each bad field and stores nothing', async () => {
		const c = new Client(server.url);
		const res = await c.form('/setup', { ...ADMIN, email: 'not-an-email', password: 'short' });
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('Enter a valid e-mail address');
		expect(html).toContain('Use at least 8 characters');
		expect(html).toContain('value="Test City"'); // what was typed is kept
		expect(html).not.toContain('short"'); // but never the password
		expect((await c.request('/')).headers.get('location')).toBe('/setup');
	});

	it('creates the organization and signs the administrator in with a safe cookie', async () => {
		const c = new Client(server.url);
		const res = await c.form('/setup', ADMIN);
		expect(res.status).toBe(303);
		const cookie = res.headers.getSetCookie().find((x) => x.startsWith('civicloop_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).not.toMatch(/Secure/i); // plain http on localhost
		expect(cookie.split(';')[0]!.split('=')[1]).toMatch(/^[a-z2-7]{32}$/);
		admin = c;
		const me = await (await c.request('/api/v1/me')).json();
		expect(me.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
		expect(me.organization).toMatchObject({ name: 'Test City', timeZone: 'America/Chicago' });
	});

	it('refuses a second setup', async () => {
		const c = new Client(server.url);
		const res = await c.form('/setup', { ...ADMIN, email: 'other@test.gov' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/login');
		const members = await (await admin.request('/api/v1/members')).json();
		expect(members.members).toHaveLength(1);
	});
});

describe('sessions', () => {
	it('issue a new token at every sign-in and ignore a token chosen by the client (fixation)', async () => {
		const c = new Client(server.url);
		c.cookies.set('civicloop_session', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
		expect((await c.request('/api/v1/me')).status).toBe(401);
		const first = await c.form('/login', { email: ADMIN.email, password: ADMIN.password });
		expect(first.status).toBe(303);
		const t1 = c.cookies.get('civicloop_session');
		expect(t1).not.toBe('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
		await c.form('/login', { email: ADMIN.email, password: ADMIN.password });
		expect(c.cookies.get('civicloop_session')).toBeDefined();
		const d = new Client(server.url);
		await d.form('/login', { email: ADMIN.email, password: ADMIN.password });
		expect(d.cookies.get('civicloop_session')).not.toBe(t1);
	});

	it('cannot be replayed after sign-out', async () => {
		const c = new Client(server.url);
		await c.form('/login', { email: ADMIN.email, password: ADMIN.password });
		const stolen = c.cookies.get('civicloop_session')!;
		const out = await c.request('/logout', { method: 'POST' });
		expect(out.status).toBe(303);
		const replay = new Client(server.url);
		replay.cookies.set('civicloop_session', stolen);
		expect((await replay.request('/api/v1/me')).status).toBe(401);
		const page = await replay.request('/home');
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toBe('/login?next=%2Fhome');
	});

	it('give one message for a wrong password and an unknown account', async () => {
		const c = new Client(server.url);
		const wrong = await (await c.form('/login', { email: ADMIN.email, password: 'wrong password' })).text();
		const unknown = await (await c.form('/login', { email: 'nobody@test.gov', password: 'wrong password' })).text();
		const msg = 'That e-mail address and password do not match an account.';
		expect(wrong).toContain(msg);
		expect(unknown).toContain(msg);
		expect(c.cookies.has('civicloop_session')).toBe(false);
	});

	it('do not redirect off-site after sign-in', async () => {
		const c = new Client(server.url);
		const res = await c.form('/login?next=//evil.example/x', { email: ADMIN.email, password: ADMIN.password });
		expect(res.headers.get('location')).toBe('/home');
	});
});

describe('API tokens', () => {
	it('authenticate scripts without a cookie, and stop working when revoked', async () => {
		const created = await admin.form('/settings?/createToken', { name: 'nightly export' });
		expect(created.status).toBe(200);
		const html = await created.text();
		const token = /cl_[a-z2-7]{32}/.exec(html)?.[0];
		expect(token).toBeDefined();
		const bot = new Client(server.url);
		const me = await bot.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
		expect(me.status).toBe(200);
		// A token-authenticated write needs no Origin (no cookie is involved).
		const inv = await bot.json('/api/v1/members', 'POST', { email: 'bot-invite@test.gov', role: 'viewer' }, { origin: null, token });
		expect(inv.status).toBe(201);
		const id = /name="id" value="([^"]+)"/.exec(await (await admin.request('/settings')).text())?.[1];
		expect((await admin.form('/settings?/revokeToken', { id: id! })).status).toBe(200);
		expect((await bot.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
		expect((await bot.request('/api/v1/me', { headers: { authorization: 'Bearer nonsense' } })).status).toBe(401);
	});
});

describe('health', () => {
	it('reports status, version and database', async () => {
		const res = await fetch(`${server.url}/healthz`);
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ status: 'ok', db: 'ok', version: expect.any(String) });
	});

	it('sets security headers and a CSP without third-party sources', async () => {
		const res = await fetch(`${server.url}/login`);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		const csp = res.headers.get('content-security-policy') ?? '';
		expect(csp).toContain("default-src 'self'");
		expect(csp).not.toMatch(/https?:\/\//);
	});
});

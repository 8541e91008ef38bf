/**
 * CSRF matrix (method × content type × Origin) and cross-organization access over HTTP, against
 * the real built server (RELIABILITY.md). Each case reports what it counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config';
import { createContext } from '../../src/lib/server/context';
import { Client, addMember, setupOrganization, signIn, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let admin: Client;

async function invitationCount(): Promise<number> {
	const html = await (await admin.request('/members')).text();
	return (html.match(/name="id" value=/g) ?? []).length;
}

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
});
afterAll(async () => server?.dispose());

describe('CSRF matrix', () => {
	const origins: [string, string | null][] = [
		['evil origin', 'https://evil.example'],
		['look-alike origin', 'http://127.0.0.1.evil.example'],
		['opaque origin', 'null'],
		['no origin', null]
	];
	const bodies: [string, Record<string, string>, string][] = [
		['form', { 'content-type': 'application/x-www-form-urlencoded' }, 'email=csrf%40evil.example&role=admin'],
		[
			'multipart',
			{ 'content-type': 'multipart/form-data; boundary=x' },
			'--x\r\nContent-Disposition: form-data; name="email"\r\n\r\ncsrf@evil.example\r\n--x\r\nContent-Disposition: form-data; name="role"\r\n\r\nadmin\r\n--x--\r\n'
		],
		['text', { 'content-type': 'text/plain' }, 'email=csrf@evil.example'],
		['json', { 'content-type': 'application/json' }, JSON.stringify({ email: 'csrf@evil.example', role: 'admin' })],
		['no content type', {}, JSON.stringify({ email: 'csrf@evil.example', role: 'admin' })]
	];
	const targets = ['/members?/invite', '/api/v1/members', '/logout', '/settings?/createToken'];

	it('refuses every cross-origin state change made with the session cookie (0 succeed)', async () => {
		const before = await invitationCount();
		let changes = 0;
		let cases = 0;
		for (const target of targets)
			for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
				for (const [, headers, body] of bodies)
					for (const [, origin] of origins) {
						cases++;
						const res = await admin.request(target, { method, headers, body, origin });
						if (res.status < 400) changes++;
					}
		expect(cases).toBe(4 * 4 * 5 * 4);
		expect(changes).toBe(0);
		expect(await invitationCount()).toBe(before);
		// The session survived every forged /logout.
		expect((await admin.request('/api/v1/me')).status).toBe(200);
	});

	it('accepts the same requests from our own origin', async () => {
		const res = await admin.json('/api/v1/members', 'POST', { email: 'same-origin@test.gov', role: 'viewer' });
		expect(res.status).toBe(201);
		const form = await admin.form('/members?/invite', { email: 'same-origin-form@test.gov', role: 'field' });
		expect(form.status).toBe(200);
	});
});

describe('organizations are sealed from each other', () => {
	it("refuses every route with another organization's ids (0 cross-tenant successes)", async () => {
		// A second agency on the same database, provisioned beside the running server.
		const ctx = createContext(loadConfig({ DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' }));
		const other = await ctx.accounts.provisionOrganization({
			organizationName: 'Other Town',
			timeZone: 'UTC',
			name: 'Bob',
			email: 'bob@other.gov',
			password: 'other password'
		});
		await ctx.close();
		const bob = await signIn(server, 'bob@other.gov', 'other password');
		const bobInvite = await (await bob.json('/api/v1/members', 'POST', { email: 'carol@other.gov', role: 'viewer' })).json();
		const bobToken = /cl_[a-z2-7]{32}/.exec(await (await bob.form('/settings?/createToken', { name: 'b' })).text())![0];
		const bobTokenId = /name="id" value="([^"]+)"/.exec(await (await bob.request('/settings')).text())![1]!;

		const attempts: [string, () => Promise<Response>][] = [
			['GET member', () => admin.request(`/api/v1/members/${other.userId}`)],
			['PATCH role', () => admin.json(`/api/v1/members/${other.userId}`, 'PATCH', { role: 'viewer' })],
			['PATCH disable', () => admin.json(`/api/v1/members/${other.userId}`, 'PATCH', { disabled: true })],
			['form role', () => admin.form('/members?/role', { userId: other.userId, role: 'viewer' })],
			['form disable', () => admin.form('/members?/disable', { userId: other.userId })],
			['form revoke invitation', () => admin.form('/members?/revoke', { id: bobInvite.invitation.id })],
			['form revoke token', () => admin.form('/settings?/revokeToken', { id: bobTokenId })]
		];
		let successes = 0;
		for (const [name, attempt] of attempts) {
			const res = await attempt();
			if (res.status < 400) successes++;
			expect(res.status, name).toBeGreaterThanOrEqual(400);
		}
		expect(successes).toBe(0);
		const list = (await (await admin.request('/api/v1/members')).json()).members as { email: string }[];
		expect(list.map((m) => m.email)).not.toContain('bob@other.gov');
		// Bob is untouched: still admin, still signed in, his invitation and token still work.
		expect((await (await bob.request('/api/v1/me')).json()).user.role).toBe('admin');
		expect((await bob.request('/api/v1/me', { headers: { authorization: `Bearer ${bobToken}` } })).status).toBe(200);
		expect((await new Client(server.url).request(new URL(bobInvite.url).pathname)).status).toBe(200);
	});

	it('refuses role escalation through extra fields (0 escalations)', async () => {
		const editor = await addMember(server, admin, 'eve@test.gov', 'editor');
		const me = (await (await editor.request('/api/v1/me')).json()).user;
		expect((await editor.json(`/api/v1/members/${me.id}`, 'PATCH', { role: 'admin' })).status).toBe(403);
		expect((await editor.form('/members?/role', { userId: me.id, role: 'admin' })).status).toBe(403);
		expect((await admin.json(`/api/v1/members/${me.id}`, 'PATCH', { role: 'viewer', organizationId: 'x' })).status).toBe(400);
		// An extra role field on the invitation form does not change the invited role.
		const inv = await (await admin.json('/api/v1/members', 'POST', { email: 'mal@test.gov', role: 'viewer' })).json();
		const c = new Client(server.url);
		await c.form(new URL(inv.url).pathname, { name: 'Mal', password: 'mal password 1', role: 'admin', organizationId: 'x' });
		expect((await (await c.request('/api/v1/me')).json()).user.role).toBe('viewer');
		expect((await (await editor.request('/api/v1/me')).json()).user.role).toBe('editor');
	});

	it('ends a disabled member’s sessions at once', async () => {
		const field = await addMember(server, admin, 'fran@test.gov', 'field');
		const me = (await (await field.request('/api/v1/me')).json()).user;
		expect((await admin.json(`/api/v1/members/${me.id}`, 'PATCH', { disabled: true })).status).toBe(200);
		expect((await field.request('/api/v1/me')).status).toBe(401);
		const again = new Client(server.url);
		const res = await again.form('/login', { email: 'fran@test.gov', password: 'member password 1' });
		expect(res.status).toBe(403);
		expect(await res.text()).toContain('This account is disabled');
	});
});

describe('bad input', () => {
	it('answers malformed JSON, a wrong content type and oversized bodies with clear errors', async () => {
		const bad = await admin.request('/api/v1/members', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"email":'
		});
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.message).toMatch(/not valid JSON/);
		const wrongType = await admin.request('/api/v1/members', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' });
		expect(wrongType.status).toBe(400);
		const huge = await admin.request('/api/v1/members', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'x'.repeat(2_000_000) })
		});
		expect(huge.status).toBe(413);
		const fields = await admin.json('/api/v1/members', 'POST', { email: 'nope', role: 'mayor' });
		expect(fields.status).toBe(400);
		expect(Object.keys((await fields.json()).error.fields).sort()).toEqual(['email', 'role']);
	});
});

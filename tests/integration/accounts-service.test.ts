import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/lib/server/context';
import { toActor } from '../../src/lib/server/accounts/service';
import { userRepo } from '../../src/lib/server/accounts/repository';
import { invitations } from '../../src/lib/server/db/schema';
import { testContext } from '../helpers/context';

let ctx: AppContext & { dispose(): Promise<void> };
const base = 'http://localhost:3000';
const setup = { organizationName: 'Test City', timeZone: 'UTC', name: 'Ada', email: 'ada@test.gov', password: 'correct horse' };

async function adminActor() {
	await ctx.accounts.setup(setup);
	return toActor(userRepo.byEmail(ctx.database.db, 'ada@test.gov')!);
}
const tokenOf = (url: string) => url.split('/invite/')[1]!;

beforeEach(async () => {
	ctx = await testContext();
});
afterEach(async () => ctx.dispose());

describe('setup', () => {
	it('creates one organization only, even when submitted twice at once', async () => {
		const results = await Promise.allSettled([ctx.accounts.setup(setup), ctx.accounts.setup({ ...setup, email: 'b@test.gov' })]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(ctx.database.sqlite.prepare('select count(*) from organizations').pluck().get()).toBe(1);
		expect(ctx.database.sqlite.prepare('select count(*) from users').pluck().get()).toBe(1);
	});

	it('stores nothing when any field is invalid', async () => {
		await expect(ctx.accounts.setup({ ...setup, password: 'short' })).rejects.toMatchObject({
			code: 'validation.failed',
			fields: { password: expect.any(String) }
		});
		expect(ctx.accounts.needsSetup()).toBe(true);
	});
});

describe('invitations', () => {
	it('work once; a second use says it was used', async () => {
		const admin = await adminActor();
		const { url } = await ctx.accounts.invite(admin, { email: 'fran@test.gov', role: 'field' }, base);
		await ctx.accounts.acceptInvitation(tokenOf(url), { name: 'Fran', password: 'field password' });
		await expect(ctx.accounts.acceptInvitation(tokenOf(url), { name: 'Mallory', password: 'other password' })).rejects.toMatchObject({
			code: 'invitation.used'
		});
		expect(userRepo.byEmail(ctx.database.db, 'fran@test.gov')).toMatchObject({ role: 'field', name: 'Fran' });
	});

	it('accepted concurrently, make exactly one account', async () => {
		const admin = await adminActor();
		const { url } = await ctx.accounts.invite(admin, { email: 'race@test.gov', role: 'viewer' }, base);
		const results = await Promise.allSettled(
			Array.from({ length: 10 }, (_, i) => ctx.accounts.acceptInvitation(tokenOf(url), { name: `R${i}`, password: 'race password' }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(ctx.database.sqlite.prepare("select count(*) from users where email = 'race@test.gov'").pluck().get()).toBe(1);
	});

	it('expire, and say so', async () => {
		const admin = await adminActor();
		const { url } = await ctx.accounts.invite(admin, { email: 'late@test.gov', role: 'viewer' }, base);
		ctx.database.db
			.update(invitations)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.run();
		await expect(ctx.accounts.acceptInvitation(tokenOf(url), { name: 'Late', password: 'late password' })).rejects.toMatchObject({
			code: 'invitation.expired'
		});
		expect(userRepo.byEmail(ctx.database.db, 'late@test.gov')).toBeUndefined();
	});

	it('are stored hashed, and a new invitation replaces the open one for that address', async () => {
		const admin = await adminActor();
		const first = await ctx.accounts.invite(admin, { email: 'x@test.gov', role: 'viewer' }, base);
		const second = await ctx.accounts.invite(admin, { email: 'x@test.gov', role: 'editor' }, base);
		const stored = ctx.database.sqlite.prepare('select token_hash from invitations').pluck().all() as string[];
		expect(stored).not.toContain(tokenOf(first.url));
		expect(() => ctx.accounts.invitation(tokenOf(first.url))).toThrow(/not valid/);
		expect(ctx.accounts.invitation(tokenOf(second.url)).role).toBe('editor');
	});

	it('refuse an address that already has an account, and weak passwords', async () => {
		const admin = await adminActor();
		await expect(ctx.accounts.invite(admin, { email: 'ada@test.gov', role: 'viewer' }, base)).rejects.toMatchObject({
			code: 'member.email_taken'
		});
		const { url } = await ctx.accounts.invite(admin, { email: 'weak@test.gov', role: 'viewer' }, base);
		await expect(ctx.accounts.acceptInvitation(tokenOf(url), { name: 'W', password: '1234' })).rejects.toMatchObject({
			code: 'validation.failed'
		});
		expect(ctx.accounts.invitation(tokenOf(url)).email).toBe('weak@test.gov'); // still usable
	});
});

describe('members', () => {
	it('keep at least one active administrator', async () => {
		const admin = await adminActor();
		expect(() => ctx.accounts.changeRole(admin, { userId: admin.id, role: 'viewer' })).toThrow(/at least one active administrator/);
		expect(() => ctx.accounts.setDisabled(admin, admin.id, true)).toThrow(/own account/);
	});

	it('disabling ends sessions and tells the sync engine', async () => {
		const admin = await adminActor();
		const { url } = await ctx.accounts.invite(admin, { email: 'e@test.gov', role: 'editor' }, base);
		const session = await ctx.accounts.acceptInvitation(tokenOf(url), { name: 'E', password: 'editor password' });
		const seen: string[] = [];
		ctx.events.on('member.changed', (e) => seen.push(e.reason));
		const editor = userRepo.byEmail(ctx.database.db, 'e@test.gov')!;
		ctx.accounts.setDisabled(admin, editor.id, true);
		expect(ctx.sessions.validate(session.token)).toBeNull();
		expect(seen).toEqual(['disabled']);
		await expect(ctx.accounts.login({ email: 'e@test.gov', password: 'editor password' }, '1.1.1.1')).rejects.toMatchObject({
			code: 'auth.disabled'
		});
	});

	it('are invisible and untouchable across organizations', async () => {
		const adminA = await adminActor();
		const b = await ctx.accounts.provisionOrganization({ ...setup, organizationName: 'Other Town', email: 'bob@other.gov' });
		const adminB = toActor(userRepo.byEmail(ctx.database.db, 'bob@other.gov')!);
		expect(ctx.accounts.listMembers(adminA).map((m) => m.email)).toEqual(['ada@test.gov']);
		expect(() => ctx.accounts.getMember(adminA, b.userId)).toThrow(/No such member/);
		expect(() => ctx.accounts.changeRole(adminA, { userId: b.userId, role: 'viewer' })).toThrow();
		expect(() => ctx.accounts.setDisabled(adminA, b.userId, true)).toThrow();
		const inv = await ctx.accounts.invite(adminB, { email: 'c@other.gov', role: 'viewer' }, base);
		expect(() => ctx.accounts.revokeInvitation(adminA, inv.invitation.id)).toThrow();
		expect(ctx.accounts.invitation(tokenOf(inv.url)).organizationId).toBe(b.organizationId);
		expect(userRepo.byEmail(ctx.database.db, 'bob@other.gov')).toMatchObject({ role: 'admin', disabledAt: null });
	});
});

describe('sign-in', () => {
	it('gives the same answer for an unknown account and a wrong password, then rate-limits', async () => {
		await adminActor();
		const unknown = ctx.accounts.login({ email: 'nobody@test.gov', password: 'whatever1' }, '9.9.9.9');
		const wrong = ctx.accounts.login({ email: 'ada@test.gov', password: 'whatever1' }, '9.9.9.9');
		const [u, w] = await Promise.allSettled([unknown, wrong]);
		expect(u.status === 'rejected' && w.status === 'rejected' && (u.reason as Error).message === (w.reason as Error).message).toBe(true);
		for (let i = 0; i < 4; i++) await ctx.accounts.login({ email: 'ada@test.gov', password: 'bad' }, '9.9.9.9').catch(() => {});
		await expect(ctx.accounts.login({ email: 'ada@test.gov', password: 'correct horse' }, '9.9.9.9')).rejects.toMatchObject({
			code: 'auth.rate_limited'
		});
		// Another address is not locked out by this one.
		await expect(ctx.accounts.login({ email: 'ada@test.gov', password: 'correct horse' }, '8.8.8.8')).resolves.toHaveProperty('token');
	});
});

/**
 * Per-document authorization over WebSocket: roles × two organizations × document kinds, viewer
 * writes, Origin, credentials, and access changes while connected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { can } from '../../src/lib/domain/auth/policies';
import { ROLES, type Role } from '../../src/lib/domain/auth/roles';
import { DOC_RULES } from '../../src/lib/server/docs/service';
import { CLOSE, DOC_KINDS, MESSAGE_STORED, MESSAGE_SYNC } from '../../src/lib/sync/protocol';
import { encodeStep1, encodeUpdate } from '../../server/sync/messages';
import { SyncHarness, type Member, type RawClient } from '../helpers/sync-harness';

let h: SyncHarness;
const orgs: { id: string; members: Record<Role, Member>; docs: Record<string, string> }[] = [];

beforeAll(async () => {
	h = await SyncHarness.start();
	for (let i = 0; i < 2; i++) {
		const id = h.org(`Org ${i}`);
		const members = Object.fromEntries(ROLES.map((r) => [r, h.member(id, r)])) as Record<Role, Member>;
		const docs = Object.fromEntries(DOC_KINDS.map((k) => [k, k === 'checklist' ? h.checklist(members.admin, 'cycle') : h.document(id, k)]));
		orgs.push({ id, members, docs });
	}
});
afterAll(async () => h?.dispose());

const isSync = (f: Uint8Array, sub: number) => f[0] === MESSAGE_SYNC && f[1] === sub;
const storedCount = (name: string) =>
	h.ctx.database.sqlite.prepare('select count(*) from sync_updates where doc_name = ?').pluck().get(name) as number;

function update(fn: (d: Y.Doc) => void): Uint8Array {
	const d = new Y.Doc();
	let u: Uint8Array = new Uint8Array();
	d.on('update', (x: Uint8Array) => (u = x));
	fn(d);
	return u;
}

/** A client state vector that is not empty: writers are asked for their state in return. */
const HOLDS_SOMETHING = Y.encodeStateVector(
	(() => {
		const d = new Y.Doc();
		d.getMap('x').set('y', 1);
		return d;
	})()
);

/** Opens `name` as `m`, syncs, and tries to write; reports what happened. */
async function probe(m: Member, name: string) {
	const c = h.raw(`/sync/${name}?token=${m.token}`);
	await c.opened; // refusals complete the upgrade, then close with a code
	c.send(encodeStep1(HOLDS_SOMETHING));
	const outcome = await Promise.race([c.frame((f) => isSync(f, 1)).then(() => 'read' as const), c.closed.then(() => 'closed' as const)]);
	if (outcome === 'closed') return { code: (await c.closed).code, bytes: c.bytesReceived };
	const before = storedCount(name);
	c.send(encodeUpdate(update((d) => d.getMap('probe').set(m.user.id, true))));
	// A sync step 1 on the same socket is answered in order: once its answer is here, the update
	// before it has been handled (queued for storage or dropped); flush() then stores the queue.
	c.send(encodeStep1(new Uint8Array([0])));
	const seen = c.frames.length;
	await c.frame((f) => isSync(f, 1), seen);
	h.sync.flush();
	// an acknowledgement, if any, was sent during flush(): before the answer to this question
	const mark = c.frames.length;
	c.send(encodeStep1(new Uint8Array([0])));
	await c.frame((f) => isSync(f, 1), mark);
	const acked = c.frames.some((f) => f[0] === MESSAGE_STORED);
	const askedForState = c.frames.some((f) => isSync(f, 0));
	c.destroy();
	return { code: 0, stored: storedCount(name) - before, acked, askedForState, bytes: c.bytesReceived };
}

describe('authorization matrix over WebSocket', () => {
	for (const role of ROLES)
		for (const kind of DOC_KINDS)
			it(`${role} × ${kind}: own organization by rule, other organization 4403 with no bytes`, async () => {
				const [mine, other] = orgs as [(typeof orgs)[0], (typeof orgs)[0]];
				const m = mine.members[role];
				const own = await probe(m, mine.docs[kind]!);
				const mayWrite = can(m.actor, DOC_RULES[kind].write, { organizationId: mine.id });
				expect(own.code).toBe(0);
				expect(own.stored).toBe(mayWrite ? 1 : 0);
				expect(own.acked).toBe(mayWrite);
				expect(own.askedForState).toBe(mayWrite);
				const foreign = await probe(m, other.docs[kind]!);
				expect(foreign).toEqual({ code: CLOSE.forbidden, bytes: 0 });
			});
});

describe('handshake', () => {
	const first = () => orgs[0]!;
	const expectClose = async (c: RawClient, code: number) => {
		expect((await c.closed).code).toBe(code);
		expect(c.bytesReceived).toBe(0);
	};

	it('refuses no credentials and bad credentials with 4401', async () => {
		const name = first().docs.checklist!;
		await expectClose(h.raw(`/sync/${name}`), CLOSE.unauthenticated);
		await expectClose(h.raw(`/sync/${name}?token=cl_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`), CLOSE.unauthenticated);
		await expectClose(h.raw(`/sync/${name}`, { cookie: 'civicloop_session=nonsense', origin: h.origin }), CLOSE.unauthenticated);
	});

	it('answers an unknown document like another organization’s (4403), and a bad name with 4404', async () => {
		const t = first().members.admin.token;
		await expectClose(h.raw(`/sync/checklist:does-not-exist?token=${t}`), CLOSE.forbidden);
		await expectClose(h.raw(`/sync/bogus?token=${t}`), CLOSE.notFound);
		await expectClose(h.raw(`/sync/checklist:..%2F..%2Fetc?token=${t}`), CLOSE.notFound);
	});

	it('refuses a bad Origin before upgrading, with a token or a cookie', async () => {
		const { docs, members } = first();
		const variants: Record<string, string>[] = [
			{ origin: 'https://evil.example' },
			{ origin: 'https://evil.example', cookie: `civicloop_session=${members.editor.session}` }
		];
		for (const headers of variants) {
			const c = h.raw(`/sync/${docs.checklist}?token=${members.editor.token}`, headers);
			await expect(c.opened).rejects.toMatchObject({ status: 403 });
		}
		const cookieOnly = h.raw(`/sync/${docs.checklist}`, { cookie: `civicloop_session=${members.editor.session}`, origin: 'null' });
		await expect(cookieOnly.opened).rejects.toMatchObject({ status: 403 });
		expect(h.sync.stats().connections).toBe(0);
	});

	it('requires an Origin for cookie sign-in, and accepts the same origin', async () => {
		const { docs, members } = first();
		const cookie = `civicloop_session=${members.editor.session}`;
		await expect(h.raw(`/sync/${docs.checklist}`, { cookie }).opened).rejects.toMatchObject({ status: 403 });
		const ok = h.raw(`/sync/${docs.checklist}`, { cookie, origin: h.origin });
		await ok.opened;
		ok.send(encodeStep1(new Uint8Array([0])));
		await ok.frame((f) => isSync(f, 1));
		ok.destroy();
	});
});

describe('credentials are looked up again at every handshake', () => {
	/** Opens `name` with `path`'s credentials and reads the server's answer to a sync step 1. */
	async function opens(path: string, headers?: Record<string, string>) {
		const c = h.raw(path, headers);
		await c.opened;
		c.send(encodeStep1(new Uint8Array([0])));
		const outcome = await Promise.race([c.frame((f) => isSync(f, 1)).then(() => 0), c.closed.then((x) => x.code)]);
		c.destroy();
		return outcome;
	}

	it('a revoked API token, an ended session and a disabled account are refused at the next handshake', async () => {
		const { id, members, docs } = orgs[1]!;
		const name = docs.checklist!;
		const ed = h.member(id, 'editor');
		const cookie = { cookie: `civicloop_session=${ed.session}`, origin: h.origin };
		expect(await opens(`/sync/${name}?token=${ed.token}`)).toBe(0);
		expect(await opens(`/sync/${name}`, cookie)).toBe(0);

		const [listed] = h.ctx.accounts.listApiTokens(ed.actor);
		h.ctx.accounts.revokeApiToken(ed.actor, listed!.id);
		expect(await opens(`/sync/${name}?token=${ed.token}`)).toBe(CLOSE.unauthenticated);
		expect(await opens(`/sync/${name}`, cookie)).toBe(0); // the session is another credential

		h.ctx.accounts.logout(ed.session, ed.actor);
		expect(await opens(`/sync/${name}`, cookie)).toBe(CLOSE.unauthenticated);

		const an = h.member(id, 'analyst');
		expect(await opens(`/sync/${name}?token=${an.token}`)).toBe(0);
		h.ctx.accounts.setDisabled(members.admin.actor, an.user.id, true);
		expect(await opens(`/sync/${name}?token=${an.token}`)).toBe(CLOSE.unauthenticated);
		expect(await opens(`/sync/${name}`, { cookie: `civicloop_session=${an.session}`, origin: h.origin })).toBe(CLOSE.unauthenticated);
	});
});

describe('access changes while connected', () => {
	async function connected(m: Member, name: string) {
		const p = h.provider(name, m);
		await p.synced();
		return p;
	}

	it('a role change to viewer closes the socket with a reconnect code; the new socket is read-only', async () => {
		const { id, members, docs } = orgs[1]!;
		const ed = h.member(id, 'editor');
		const p = await connected(ed, docs.checklist!);
		const closed = p.closed();
		h.ctx.accounts.changeRole(members.admin.actor, { userId: ed.user.id, role: 'viewer' });
		expect((await closed).code).toBe(CLOSE.accessChanged);
		await p.synced(); // the stock provider reconnected by itself
		const before = storedCount(docs.checklist!);
		p.doc.getMap('meta').set('title', 'changed by a viewer');
		const watcher = await connected(members.admin, docs.checklist!);
		watcher.doc.getMap('meta').set('marker', 1);
		await watcher.allStored();
		expect(storedCount(docs.checklist!)).toBe(before + 1);
		expect(watcher.doc.getMap('meta').get('title')).not.toBe('changed by a viewer');
		p.destroy();
		watcher.destroy();
	});

	it('disabling an account closes its sockets with 4403; signing out closes with 4401', async () => {
		const { id, members, docs } = orgs[1]!;
		const ed = h.member(id, 'editor');
		const p = await connected(ed, docs.checklist!);
		const closed = p.closed();
		h.ctx.accounts.setDisabled(members.admin.actor, ed.user.id, true);
		expect((await closed).code).toBe(CLOSE.forbidden);
		p.destroy();

		const an = h.member(id, 'analyst');
		const c = h.raw(`/sync/${docs.checklist}`, { cookie: `civicloop_session=${an.session}`, origin: h.origin });
		await c.opened;
		h.ctx.accounts.logout(an.session, an.actor);
		expect((await c.closed).code).toBe(CLOSE.unauthenticated);
	});

	it('a viewer’s writes are never applied nor relayed', async () => {
		const { members, docs } = orgs[0]!;
		const viewer = await connected(members.viewer, docs.actionplan!);
		const editor = await connected(members.editor, docs.actionplan!);
		viewer.doc.getMap('plan').set('hijack', true);
		editor.doc.getMap('plan').set('legit', true);
		await editor.allStored();
		await viewer.when((d) => d.getMap('plan').get('legit') === true);
		h.sync.flush();
		expect(editor.doc.getMap('plan').get('hijack')).toBeUndefined();
		const fresh = await connected(members.analyst, docs.actionplan!);
		expect(fresh.doc.getMap('plan').toJSON()).toEqual({ legit: true });
		expect(h.sync.stats().readOnlyDropped).toBeGreaterThan(0);
		for (const p of [viewer, editor, fresh]) p.destroy();
	});
});

describe('glue', () => {
	it('refuses upgrades with 503 while no app context exists', async () => {
		const { handleUpgrade } = await import('../../src/lib/server/sync-upgrade');
		const { setContext, peekContext } = await import('../../src/lib/server/context');
		const saved = peekContext();
		setContext(undefined);
		const written: string[] = [];
		const socket = { writable: true, on() {}, end: (s: string) => written.push(s), destroy() {} };
		handleUpgrade({} as never, socket as never, Buffer.alloc(0));
		setContext(saved);
		expect(written[0]).toMatch(/^HTTP\/1.1 503/);
	});
});

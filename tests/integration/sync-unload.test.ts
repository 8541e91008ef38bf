/** Documents leave memory after their last connection; oversized frames close with 1009. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { docRepo } from '../../src/lib/server/docs/repository';
import { docName } from '../../src/lib/sync/protocol';
import { CLOSE, MESSAGE_SYNC } from '../../src/lib/sync/protocol';
import { encodeStep1, encodeUpdate } from '../../server/sync/messages';
import { SyncHarness, type Member } from '../helpers/sync-harness';

let h: SyncHarness;
let editor: Member;
let org: string;
beforeAll(async () => {
	h = await SyncHarness.start({ SYNC_UNLOAD_MS: '50', SYNC_MAX_PAYLOAD: '4096' });
	org = h.org();
	editor = h.member(org, 'editor');
});
afterAll(async () => h?.dispose());

it('opens and closes 10,000 documents; only the live ones stay loaded', { timeout: 180_000 }, async () => {
	const names = Array.from({ length: 10_000 }, (_, i) => docName('actionplan', `unload-${i}`));
	h.ctx.database.tx((t) => {
		for (const name of names) docRepo.insert(t, { name, organizationId: org, kind: 'actionplan', title: name });
	});
	const live = [h.provider(names[0]!, editor), h.provider(names[1]!, editor)];
	await Promise.all(live.map((p) => p.synced()));

	const openAndClose = async (name: string) => {
		const c = h.raw(`/sync/${name}?token=${editor.token}`);
		await c.opened;
		c.send(encodeStep1(new Uint8Array([0])));
		await c.frame((f) => f[0] === MESSAGE_SYNC); // loaded: the server answered
		c.ws.close();
		await c.closed;
	};
	let peak = 0;
	for (let i = 2; i < names.length; i += 100) {
		await Promise.all(names.slice(i, i + 100).map(openAndClose));
		peak = Math.max(peak, h.ctx.metrics.syncDocsLoaded!());
	}
	expect(peak).toBeGreaterThan(2);
	await h.loadedReaches(2);
	expect(h.sync.loadedDocs().sort()).toEqual(names.slice(0, 2).sort());
	expect(h.ctx.metrics.syncConnections!()).toBe(2);
	for (const p of live) p.destroy();
	await h.loadedReaches(0);
});

it('closes a connection that sends a frame over the limit with 1009, before and after auth', async () => {
	const name = h.checklist(editor);
	const big = encodeUpdate(new Uint8Array(8000));
	const authed = h.raw(`/sync/${name}?token=${editor.token}`);
	await authed.opened;
	authed.send(big);
	expect((await authed.closed).code).toBe(CLOSE.tooBig);
	const anonymous = h.raw(`/sync/${name}`);
	await anonymous.opened;
	anonymous.send(big);
	expect([CLOSE.tooBig, CLOSE.unauthenticated]).toContain((await anonymous.closed).code);
	// a frame just under the limit is read (and refused as malformed, not as too big)
	const under = h.raw(`/sync/${name}?token=${editor.token}`);
	await under.opened;
	under.send(encodeUpdate(new Uint8Array(4000).fill(0xff)));
	expect((await under.closed).code).toBe(CLOSE.invalidData);
});

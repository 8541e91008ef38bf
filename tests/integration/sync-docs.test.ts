/**
 * Document registry and checklist projection (service level), and the JSON API plus a cookie
 * WebSocket through the production process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { readChecklist, updateItem } from '../../src/lib/domain/checklist/doc';
import { CYCLE_STEPS } from '../../src/lib/domain/checklist/template';
import { checklistItemRepo } from '../../src/lib/server/docs/repository';
import { MESSAGE_SYNC } from '../../src/lib/sync/protocol';
import { setupOrganization, startServer, type RunningServer } from '../helpers/server';
import { SyncHarness } from '../helpers/sync-harness';

describe('docs service and projection', () => {
	let h: SyncHarness;
	beforeAll(async () => (h = await SyncHarness.start()));
	afterAll(async () => h?.dispose());

	it('creates a checklist seeded once from the cycle template, listed only in its organization', () => {
		const a = h.org();
		const b = h.org();
		const ed = h.member(a, 'editor');
		const viewer = h.member(a, 'viewer');
		const outsider = h.member(b, 'admin');
		const doc = h.docs.create(ed.actor, { kind: 'checklist', title: '  FY27 cycle ', template: 'cycle', role: 'admin', organizationId: b });
		expect(doc).toEqual({ name: expect.stringMatching(/^checklist:[\w-]+$/), kind: 'checklist', title: 'FY27 cycle', canWrite: true });
		expect(h.ctx.database.sqlite.prepare('select count(*) from sync_updates where doc_name = ?').pluck().get(doc.name)).toBe(1);
		expect(checklistItemRepo.list(h.ctx.database.db, a, doc.name).map((r) => [r.phase, r.text])).toEqual(
			CYCLE_STEPS.map((s) => [s.phase, s.text])
		);
		expect(h.docs.list(viewer.actor)).toEqual([{ ...doc, canWrite: false }]);
		expect(h.docs.list(outsider.actor)).toEqual([]);
		expect(h.docs.open(outsider.actor, doc.name)).toBeNull();
	});

	it('lets admins, analysts and editors create checklists, refuses field staff and viewers, validates input', () => {
		const org = h.org();
		for (const role of ['viewer', 'field'] as const)
			expect(() => h.docs.create(h.member(org, role).actor, { kind: 'checklist', title: 'x' })).toThrow(
				expect.objectContaining({ code: 'auth.forbidden' })
			);
		for (const bad of [
			{ kind: 'checklist', title: '' },
			{ kind: 'actionplan', title: 'x' },
			{ kind: 'checklist', title: 'x', template: 'nope' },
			null
		])
			expect(() => h.docs.create(h.member(org, 'admin').actor, bad)).toThrow(expect.objectContaining({ code: 'validation.failed' }));
		for (const role of ['admin', 'analyst', 'editor'] as const)
			expect(h.docs.create(h.member(org, role).actor, { kind: 'checklist', title: role }).canWrite).toBe(true);
	});

	it('projects edits into checklist_items, and rebuilds on demand idempotently', async () => {
		const org = h.org();
		const ed = h.member(org, 'editor');
		const name = h.checklist(ed, 'cycle');
		const p = h.provider(name, ed);
		await p.synced();
		const first = readChecklist(p.doc).items[0]!;
		updateItem(p.doc, first.id, { done: true, assignee: 'Parks', text: 'Approve the questionnaire' });
		await p.allStored();
		const rows = () => checklistItemRepo.list(h.ctx.database.db, org, name);
		// the projection is debounced: rebuild now rather than wait for it
		expect(h.sync.rebuildProjection(name)).toBe(true);
		expect(rows()[0]).toMatchObject({ itemId: first.id, done: true, assignee: 'Parks', text: 'Approve the questionnaire', position: 0 });
		const snapshot = rows().map(({ updatedAt: _, ...r }) => r);
		h.sync.rebuildProjection(name);
		expect(rows().map(({ updatedAt: _, ...r }) => r)).toEqual(snapshot);
		p.destroy();
		await h.loadedReaches(0); // unload runs the pending projection too
		expect(rows()).toHaveLength(CYCLE_STEPS.length);
		expect(h.sync.rebuildProjection('not-a-document')).toBe(false);
	});
});

describe('through the production process', () => {
	let server: RunningServer;
	beforeAll(async () => (server = await startServer()));
	afterAll(async () => server?.dispose());

	it('lists and creates over /api/v1/docs, and opens the document with the session cookie', async () => {
		const admin = await setupOrganization(server);
		const created = await admin.json('/api/v1/docs', 'POST', { kind: 'checklist', title: 'Cycle 2027', template: 'cycle' });
		expect(created.status).toBe(201);
		const { doc } = (await created.json()) as { doc: { name: string } };
		const list = (await (await admin.request('/api/v1/docs')).json()) as { docs: unknown[] };
		expect(list.docs).toEqual([{ name: doc.name, kind: 'checklist', title: 'Cycle 2027', canWrite: true }]);
		const bad = await admin.json('/api/v1/docs', 'POST', { kind: 'checklist', title: '' });
		expect(bad.status).toBe(400);

		const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${doc.name}`, {
			headers: { cookie: admin.cookieHeader, origin: server.url }
		});
		ws.on('error', () => {});
		ws.once('open', () => ws.send(new Uint8Array([0, 0, 1, 0]))); // sync step 1, empty
		const first = await new Promise<Buffer>((ok, ko) => {
			ws.once('message', (d: Buffer) => ok(d));
			ws.once('close', (code) => ko(new Error(`closed ${code}`)));
		});
		expect(first[0]).toBe(MESSAGE_SYNC);
		ws.close();
		const health = (await (await fetch(`${server.url}/healthz`)).json()) as Record<string, unknown>;
		expect(health).toMatchObject({ syncConnections: expect.any(Number), syncDocsLoaded: expect.any(Number) });
	});
});

/**
 * Action plans against the real built server: the plan_goals/plan_actions projection ("My
 * actions"), field progress logs (idempotent under concurrent re-sends, 409 on a reused key with
 * other content, photos checked by magic bytes and size), the server-side change reaching an open
 * editor live, and saved versions restored as a new change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAction, addGoal, readPlan, removeAction, updateAction } from '../../src/lib/domain/plan/doc';
import { createCycle, DocClient, eventually, PNG_1PX, type CycleSummary } from '../helpers/cycles';
import { addMember, Client, setupOrganization, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let admin: Client;
let field: Client;
let editor: Client;
let viewer: Client;
let cycle: CycleSummary;
let plan: DocClient;
let fieldId = '';
let editorId = '';

interface Log {
	id: string;
	note: string;
	progress: number | null;
	photos: { id: string; url: string }[];
}

const me = async (c: Client) => ((await (await c.request('/api/v1/me')).json()) as { user: { id: string } }).user.id;
const myActions = async (c: Client) =>
	((await (await c.request('/api/v1/my/actions')).json()) as { actions: { id: string; title: string; progress: number; status: string }[] })
		.actions;
const logs = async (c: Client, actionId: string) =>
	((await (await c.request(`/api/v1/actions/${actionId}/progress`)).json()) as { logs: Log[] }).logs;

function post(c: Client, actionId: string, key: string | null, body: unknown) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key) headers['idempotency-key'] = key;
	return c.request(`/api/v1/actions/${actionId}/progress`, { method: 'POST', headers, body: JSON.stringify(body) });
}

function postPhotos(c: Client, actionId: string, key: string, body: unknown, files: { bytes: Buffer; name: string; type: string }[]) {
	const form = new FormData();
	form.set('payload', JSON.stringify(body));
	for (const f of files) form.append('photo', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
	return c.request(`/api/v1/actions/${actionId}/progress`, { method: 'POST', headers: { 'idempotency-key': key }, body: form });
}

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	field = await addMember(server, admin, 'fran@test.gov', 'field');
	editor = await addMember(server, admin, 'eddie@test.gov', 'editor');
	viewer = await addMember(server, admin, 'vic@test.gov', 'viewer');
	[fieldId, editorId] = await Promise.all([me(field), me(editor)]);
	cycle = await createCycle(admin, { name: 'Plan cycle' });
	plan = new DocClient(server, admin, cycle.planDoc);
	await plan.synced();
	addGoal(plan.doc, { id: 'g1', title: 'Cleaner parks' });
	addAction(plan.doc, 'g1', { id: 'a1', title: 'Litter walk', owner: fieldId, due: '2025-02-01' });
	addAction(plan.doc, 'g1', { id: 'a2', title: 'New benches', owner: editorId });
	await plan.allStored();
});
afterAll(async () => {
	plan?.destroy();
	await server?.dispose();
});

describe('plan projection', () => {
	it('lists each person their actions, rebuilt from the document after every change', async () => {
		await eventually(
			() => myActions(field),
			(a) => a.map((x) => x.title).join() === 'Litter walk',
			'field sees a1'
		);
		await eventually(
			() => myActions(editor),
			(a) => a.map((x) => x.title).join() === 'New benches',
			'editor sees a2'
		);
		updateAction(plan.doc, 'a1', { title: 'Weekly litter walk' });
		removeAction(plan.doc, 'a2');
		await plan.allStored();
		await eventually(
			() => myActions(field),
			(a) => a[0]?.title === 'Weekly litter walk',
			'rename projected'
		);
		await eventually(
			() => myActions(editor),
			(a) => a.length === 0,
			'removal projected'
		);
		addAction(plan.doc, 'g1', { id: 'a2', title: 'New benches', owner: editorId });
		await plan.allStored();
		await eventually(
			() => myActions(editor),
			(a) => a.length === 1,
			'a2 back'
		);
		const home = await (await admin.request(`/cycles/${cycle.id}`, { headers: { accept: 'text/html' } })).text();
		expect(home).toMatch(/0% complete · 1 goal\(s\), 2 action\(s\), 0 done/);
	});
});

describe('progress logs', () => {
	it('stores a log re-sent 1–5 times concurrently exactly once, and changes the plan live', async () => {
		for (const copies of [1, 2, 3, 4, 5]) {
			const key = `key-${copies}-${crypto.randomUUID()}`;
			const body = { note: `visit ${copies}`, progress: 10 * copies, status: 'on_track' };
			const answers = await Promise.all(Array.from({ length: copies }, () => post(field, 'a1', key, body)));
			const statuses = answers.map((r) => r.status).sort();
			expect(statuses).toEqual([...Array(copies - 1).fill(200), 201].sort());
			const ids = new Set(await Promise.all(answers.map(async (r) => ((await r.json()) as { log: Log }).log.id)));
			expect(ids.size).toBe(1);
		}
		expect(await logs(field, 'a1')).toHaveLength(5);
		// The open editor received the server's change through the sync engine.
		await plan.when((d) => readPlan(d).goals[0]?.actions.find((a) => a.id === 'a1')?.progress === 50, 'progress 50 in the open editor');
		expect(readPlan(plan.doc).goals[0]?.actions.find((a) => a.id === 'a1')?.status).toBe('on_track');
	});

	it('answers 409 for the same key with different content, and 400 without a key', async () => {
		const key = crypto.randomUUID();
		expect((await post(field, 'a1', key, { note: 'first' })).status).toBe(201);
		const again = await post(field, 'a1', key, { note: 'changed' });
		expect(again.status).toBe(409);
		expect(((await again.json()) as { error: { code: string } }).error.code).toBe('progress.key_conflict');
		expect((await post(field, 'a1', null, { note: 'no key' })).status).toBe(400);
		expect((await post(field, 'a1', crypto.randomUUID(), {})).status).toBe(400);
	});

	it('lets field staff log only their own actions, and viewers none', async () => {
		expect((await post(field, 'a2', crypto.randomUUID(), { note: 'not mine' })).status).toBe(403);
		expect((await post(viewer, 'a1', crypto.randomUUID(), { note: 'viewer' })).status).toBe(403);
		expect((await post(editor, 'a1', crypto.randomUUID(), { note: 'a lead may log any action' })).status).toBe(201);
		expect((await post(field, 'no-such-action', crypto.randomUUID(), { note: 'x' })).status).toBe(404);
	});

	it('keeps photos checked by their bytes, served only to the organization', async () => {
		const before = (await logs(field, 'a1')).length;
		const key = crypto.randomUUID();
		const ok = await postPhotos(field, 'a1', key, { note: 'with a photo' }, [{ bytes: PNG_1PX, name: 'site.png', type: 'image/png' }]);
		expect(ok.status).toBe(201);
		const { log } = (await ok.json()) as { log: Log };
		expect(log.photos).toHaveLength(1);
		const replay = await postPhotos(field, 'a1', key, { note: 'with a photo' }, [{ bytes: PNG_1PX, name: 'site.png', type: 'image/png' }]);
		expect(replay.status).toBe(200);
		expect(((await replay.json()) as { log: Log }).log.id).toBe(log.id);

		const photo = await viewer.request(log.photos[0]!.url);
		expect(photo.status).toBe(200);
		expect(photo.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await photo.arrayBuffer()).equals(PNG_1PX)).toBe(true);
		expect((await new Client(server.url).request(log.photos[0]!.url)).status).toBe(401);

		const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
		const fake = await postPhotos(field, 'a1', crypto.randomUUID(), { note: 'fake' }, [
			{ bytes: html, name: 'photo.jpg', type: 'image/jpeg' }
		]);
		expect(fake.status).toBe(400);
		expect(((await fake.json()) as { error: { code: string } }).error.code).toBe('upload.invalid');
		const big = Buffer.concat([PNG_1PX, Buffer.alloc(8 * 1024 * 1024)]);
		expect(
			(await postPhotos(field, 'a1', crypto.randomUUID(), { note: 'huge' }, [{ bytes: big, name: 'big.png', type: 'image/png' }])).status
		).toBe(413);
		expect(await logs(field, 'a1')).toHaveLength(before + 1);
	});
});

describe('plan versions', () => {
	it('saves a version and restores it as a change that the open editor receives', async () => {
		expect((await admin.form(`/cycles/${cycle.id}/plan/history?/save`, { label: 'Before the workshop' })).status).toBe(200);
		const saved = JSON.stringify(readPlan(plan.doc));
		addGoal(plan.doc, { id: 'g2', title: 'Added in the workshop' });
		updateAction(plan.doc, 'a2', { title: 'Renamed in the workshop' });
		await plan.allStored();
		const html = await (await admin.request(`/cycles/${cycle.id}/plan/history`, { headers: { accept: 'text/html' } })).text();
		const version = /name="version" value="([^"]+)"/.exec(html)?.[1];
		expect(html).toContain('Before the workshop');
		expect((await editor.form(`/cycles/${cycle.id}/plan/history?/restore`, { version: version! })).status).toBe(200);
		await plan.when((d) => JSON.stringify(readPlan(d)) === saved, 'restored content');
		expect((await field.form(`/cycles/${cycle.id}/plan/history?/restore`, { version: version! })).status).toBe(403);
	});
});

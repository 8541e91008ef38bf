/**
 * Another organization on the same database tries every cycles/KPI/plan/progress route with our
 * ids: every answer is a refusal (404/403), nothing changes, and its own lists stay empty. The
 * plan document refuses its socket too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAction, addGoal } from '../../src/lib/domain/plan/doc';
import { loadConfig } from '../../src/lib/server/config';
import { createContext } from '../../src/lib/server/context';
import { createCycle, DocClient, eventually, PNG_1PX, type CycleSummary } from '../helpers/cycles';
import { addMember, Client, setupOrganization, signIn, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let admin: Client;
let other: Client;
let cycle: CycleSummary;
let kpiId = '';
let focusId = '';
let uploadUrl = '';
let versionId = '';

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	const field = await addMember(server, admin, 'field@test.gov', 'field');
	const fieldId = ((await (await field.request('/api/v1/me')).json()) as { user: { id: string } }).user.id;
	await admin.form('/kpis?/createFocusArea', { name: 'Parks', description: '' });
	focusId = /name="id" value="([^"]+)"/.exec(await (await admin.request('/kpis', { headers: { accept: 'text/html' } })).text())![1]!;
	const kpi = await admin.form('/kpis?/createKpi', {
		name: 'Park score',
		unit: '%',
		direction: 'higher',
		baseline: '60',
		target: '75',
		targetDate: '2030-01-01',
		source: 'manual'
	});
	kpiId = kpi.headers.get('location')!.split('/').pop()!;
	cycle = await createCycle(admin, { name: 'Sealed cycle', focusAreaIds: [focusId] });
	const plan = new DocClient(server, admin, cycle.planDoc);
	await plan.synced();
	addGoal(plan.doc, { id: 'g1', title: 'Goal' });
	addAction(plan.doc, 'g1', { id: 'sealed-action', title: 'Secret action', owner: fieldId });
	await plan.allStored();
	plan.destroy();
	await eventually(
		async () => (await field.request('/api/v1/actions/sealed-action/progress')).status,
		(s) => s === 200,
		'projection'
	);
	const form = new FormData();
	form.set('payload', JSON.stringify({ note: 'photo' }));
	form.append('photo', new Blob([new Uint8Array(PNG_1PX)], { type: 'image/png' }), 'p.png');
	const logged = await field.request('/api/v1/actions/sealed-action/progress', {
		method: 'POST',
		headers: { 'idempotency-key': crypto.randomUUID() },
		body: form
	});
	uploadUrl = ((await logged.json()) as { log: { photos: { url: string }[] } }).log.photos[0]!.url;
	await admin.form(`/cycles/${cycle.id}/plan/history?/save`, { label: 'v1' });
	versionId = /name="version" value="([^"]+)"/.exec(
		await (await admin.request(`/cycles/${cycle.id}/plan/history`, { headers: { accept: 'text/html' } })).text()
	)![1]!;

	const ctx = createContext(loadConfig({ DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' }));
	await ctx.accounts.provisionOrganization({
		organizationName: 'Other Town',
		timeZone: 'UTC',
		name: 'Bob',
		email: 'bob@other.gov',
		password: 'other password'
	});
	await ctx.close();
	other = await signIn(server, 'bob@other.gov', 'other password');
});
afterAll(async () => server?.dispose());

describe('cycles, plans, KPIs and progress are sealed between organizations', () => {
	it("refuses every route with another organization's ids (0 cross-tenant successes)", async () => {
		const c = cycle.id;
		const reads = [
			`/cycles/${c}`,
			`/cycles/${c}/plan`,
			`/cycles/${c}/plan/workshop`,
			`/cycles/${c}/plan/history`,
			`/cycles/${c}/plan/qr.svg`,
			`/cycles/${c}/checklist.pdf`,
			`/cycles/${c}/checklist.pdf?blank=1`,
			`/kpis/${kpiId}`,
			`/my/actions/sealed-action`,
			`/api/v1/actions/sealed-action/progress`,
			uploadUrl
		];
		const writes: [string, Record<string, string>][] = [
			[`/cycles/${c}?/advance`, { confirm: 'true' }],
			[`/cycles/${c}?/close`, {}],
			[`/cycles/${c}?/focus`, { focusAreaIds: focusId }],
			[`/cycles/${c}?/next`, { name: 'Stolen', kind: 'benchmarking', periodStart: '2025-01-01', periodEnd: '2025-02-01' }],
			[`/cycles/${c}/plan/history?/save`, { label: 'x' }],
			[`/cycles/${c}/plan/history?/restore`, { version: versionId }],
			[`/kpis/${kpiId}?/reading`, { date: '2025-01-01', value: '1' }],
			[`/kpis/${kpiId}?/import`, { csv: '2025-01-01,1' }],
			[
				`/kpis/${kpiId}?/update`,
				{ name: 'x', direction: 'higher', baseline: '1', target: '2', targetDate: '2030-01-01', source: 'manual' }
			],
			[`/kpis/${kpiId}?/remove`, {}],
			['/kpis?/updateFocusArea', { id: focusId, name: 'Renamed' }],
			['/kpis?/removeFocusArea', { id: focusId }],
			['/my/actions?/log', { actionId: 'sealed-action', key: crypto.randomUUID(), note: 'x' }]
		];
		let successes = 0;
		const outcomes: string[] = [];
		for (const path of reads) {
			const r = await other.request(path, { headers: { accept: 'text/html' } });
			outcomes.push(`${r.status} GET ${path}`);
			if (r.status < 400) successes++;
		}
		for (const [path, fields] of writes) {
			const r = await other.form(path, fields);
			outcomes.push(`${r.status} POST ${path}`);
			if (r.status < 400) successes++;
		}
		const api = await other.json('/api/v1/actions/sealed-action/progress', 'POST', { note: 'x' });
		if (api.status < 400) successes++;
		const create = await other.json('/api/v1/cycles', 'POST', {
			name: 'x',
			kind: 'benchmarking',
			periodStart: '2025-01-01',
			periodEnd: '2025-02-01',
			focusAreaIds: [focusId]
		});
		expect(create.status).toBe(400);
		expect(successes, outcomes.join('\n')).toBe(0);
		expect(
			outcomes.every((o) => /^(403|404) /.test(o)),
			outcomes.join('\n')
		).toBe(true);
	});

	it('shows the other organization none of our rows, and nothing of ours changed', async () => {
		expect(await (await other.request('/api/v1/cycles')).json()).toEqual([]);
		expect(await (await other.request('/api/v1/my/actions')).json()).toEqual({ actions: [], generatedAt: expect.any(String) });
		expect(await (await other.request('/kpis', { headers: { accept: 'text/html' } })).text()).not.toContain('Park score');
		const ours = (await (await admin.request('/api/v1/cycles')).json()) as CycleSummary[];
		expect(ours.map((x) => [x.name, x.phase])).toEqual([['Sealed cycle', 'planning']]);
		expect(await (await admin.request(`/kpis/${kpiId}`, { headers: { accept: 'text/html' } })).text()).toContain('No readings yet');
	});

	it('refuses the plan document over the socket', async () => {
		const d = new DocClient(server, other, cycle.planDoc);
		const code = await new Promise<number>((ok) => d.provider.once('connection-close', (e) => ok(e?.code ?? 0)));
		d.destroy();
		expect(code).toBe(4403);
	});
});

/**
 * Cycles against the real built server: creation with its two documents, the API list, phase
 * transitions with and without open checklist items (and confirmation), closing, starting the
 * next cycle with carry-over, roles, and the printable checklist PDF (its text read back from the
 * content streams: see tests/helpers/pdf-text.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem, itemsOf, readChecklist, updateItem } from '../../src/lib/domain/checklist/doc';
import { addAction, addGoal, readPlan } from '../../src/lib/domain/plan/doc';
import { createCycle, DocClient, eventually, type CycleSummary } from '../helpers/cycles';
import { pdfFooters, pdfPageCount, pdfText } from '../helpers/pdf-text';
import { addMember, Client, setupOrganization, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let admin: Client;
let viewer: Client;
let cycle: CycleSummary;
const clients: DocClient[] = [];

const page = (c: Client, path: string) => c.request(path, { headers: { accept: 'text/html' } });
const advance = (c: Client, id: string, confirm = false) => c.form(`/cycles/${id}?/advance`, confirm ? { confirm: 'true' } : {});
const phaseOf = async (id: string) =>
	((await (await admin.request('/api/v1/cycles')).json()) as CycleSummary[]).find((c) => c.id === id)?.phase;

async function doc(name: string): Promise<DocClient> {
	const d = new DocClient(server, admin, name);
	clients.push(d);
	await d.synced();
	return d;
}

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	viewer = await addMember(server, admin, 'viewer@test.gov', 'viewer');
	cycle = await createCycle(admin, { name: 'Spring evaluation' });
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.dispose();
});

describe('cycles', () => {
	it('creates a cycle with its checklist (seeded from the template) and an empty plan', async () => {
		expect(cycle).toMatchObject({
			name: 'Spring evaluation',
			phase: 'planning',
			checklistDoc: `checklist:${cycle.id}`,
			planDoc: `actionplan:${cycle.id}`
		});
		const list = (await (await admin.request('/api/v1/cycles')).json()) as CycleSummary[];
		expect(list.map((c) => Object.keys(c).sort())).toEqual([['checklistDoc', 'id', 'kind', 'name', 'phase', 'planDoc']]);
		const checklist = await doc(cycle.checklistDoc);
		expect(readChecklist(checklist.doc).items.length).toBe(13);
		const plan = await doc(cycle.planDoc);
		expect(readPlan(plan.doc)).toMatchObject({ cycleId: cycle.id, goals: [] });
		const home = await (await page(admin, `/cycles/${cycle.id}`)).text();
		expect(home).toContain('Spring evaluation');
		expect(home).toContain('Started the cycle');
	});

	it('refuses bad input naming the field, and refuses roles that may not manage cycles', async () => {
		const bad = await admin.json('/api/v1/cycles', 'POST', { name: '', kind: 'nope', periodStart: '2025-02-30', periodEnd: '2025-01-01' });
		expect(bad.status).toBe(400);
		const { error } = (await bad.json()) as { error: { fields: Record<string, string> } };
		expect(Object.keys(error.fields).sort()).toEqual(['kind', 'name', 'periodStart']);
		expect(
			(await viewer.json('/api/v1/cycles', 'POST', { name: 'x', kind: 'benchmarking', periodStart: '2025-01-01', periodEnd: '2025-01-02' }))
				.status
		).toBe(403);
		expect((await advance(viewer, cycle.id, true)).status).toBe(403);
		expect(await phaseOf(cycle.id)).toBe('planning');
	});

	it('asks for confirmation while items of the phase are open, then moves on', async () => {
		const refused = await advance(admin, cycle.id);
		expect(refused.status).toBe(409);
		expect(await refused.text()).toMatch(/4 item\(s\) of Planning are still open/);
		expect(await phaseOf(cycle.id)).toBe('planning');
		expect((await advance(admin, cycle.id, true)).status).toBe(200);
		expect(await phaseOf(cycle.id)).toBe('feedback');
	});

	it('moves on without asking once every item of the phase is done (read from the checklist projection)', async () => {
		const checklist = await doc(cycle.checklistDoc);
		checklist.doc.transact(() => {
			for (const it of readChecklist(checklist.doc).items) if (it.phase === 'feedback') updateItem(checklist.doc, it.id, { done: true });
		});
		await checklist.allStored();
		expect((await advance(admin, cycle.id)).status).toBe(200);
		expect(await phaseOf(cycle.id)).toBe('action');
		expect(itemsOf(checklist.doc).length).toBe(13);
		const timeline = await (await page(admin, `/cycles/${cycle.id}`)).text();
		expect(timeline).toContain('Feedback collection → Action plan');
	});

	it('stops at follow-up, closes, and refuses to move a closed cycle', async () => {
		expect((await advance(admin, cycle.id, true)).status).toBe(200);
		const last = await advance(admin, cycle.id, true);
		expect(last.status).toBe(409);
		expect(await last.text()).toMatch(/last phase/);
		expect((await admin.form(`/cycles/${cycle.id}?/close`, {})).status).toBe(200);
		expect((await advance(admin, cycle.id, true)).status).toBe(409);
	});

	it('starts the next cycle carrying open actions into its plan on the server', async () => {
		const prev = await createCycle(admin, { name: 'Winter review' });
		const plan = await doc(prev.planDoc);
		addGoal(plan.doc, { id: 'g1', title: 'Faster repairs' });
		addAction(plan.doc, 'g1', { id: 'a1', title: 'Done already', status: 'done' });
		addAction(plan.doc, 'g1', { id: 'a2', title: 'Still open', status: 'at_risk', progress: 30 });
		await plan.allStored();
		const res = await admin.form(`/cycles/${prev.id}?/next`, {
			name: 'Spring follow-on',
			kind: 'benchmarking',
			periodStart: '2025-04-01',
			periodEnd: '2025-06-30'
		});
		expect(res.status).toBe(303);
		const nextId = res.headers.get('location')!.split('/').pop()!;
		const next = (await (await admin.request('/api/v1/cycles')).json()) as CycleSummary[];
		const created = next.find((c) => c.id === nextId)!;
		const carried = await doc(created.planDoc);
		const goals = readPlan(carried.doc).goals;
		expect(goals.map((g) => [g.title, g.actions.map((a) => [a.title, a.status, a.progress])])).toEqual([
			['Faster repairs', [['Still open', 'at_risk', 30]]]
		]);
		expect(await (await page(admin, `/cycles/${nextId}`)).text()).toContain('1 open action(s) carried over');
	});
});

describe('printable checklist', () => {
	it('is a tagged PDF with the title, each phase, items, assignees and due dates as text', async () => {
		const c = await createCycle(admin, { name: 'Printable cycle' });
		const checklist = await doc(c.checklistDoc);
		const first = readChecklist(checklist.doc).items[0]!;
		const me = ((await (await admin.request('/api/v1/me')).json()) as { user: { id: string } }).user.id;
		updateItem(checklist.doc, first.id, { done: true, assignee: me, due: '2025-02-14' });
		await checklist.allStored();
		const res = await admin.request(`/cycles/${c.id}/checklist.pdf`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		const pdf = Buffer.from(await res.arrayBuffer());
		expect(pdf.subarray(0, 8).toString()).toBe('%PDF-1.7');
		const raw = pdf.toString('latin1');
		for (const marker of ['/StructTreeRoot', '/MarkInfo', '/Lang (en-US)', '/DisplayDocTitle true']) expect(raw).toContain(marker);
		const text = pdfText(pdf);
		expect(text[0]).toBe('Cycle checklist: Printable cycle');
		expect(text).toEqual(
			expect.arrayContaining([
				'Planning (1 of 4 done)',
				'Feedback collection (0 of 3 done)',
				'Action plan (0 of 3 done)',
				'Follow-up (0 of 3 done)'
			])
		);
		expect(text).toContain(first.text);
		expect(text).toContain('Assignee: Ada Admin   Due: 2025-02-14');
		// the title and "Page N of M" at the foot of every page, as pagination artifacts
		const count = pdfPageCount(pdf);
		expect(pdfFooters(pdf)).toEqual(
			Array.from({ length: count }, (_, i) => ['Cycle checklist: Printable cycle', `Page ${i + 1} of ${count}`])
		);

		const blankPdf = Buffer.from(await (await admin.request(`/cycles/${c.id}/checklist.pdf?blank=1`)).arrayBuffer());
		const blank = pdfText(blankPdf);
		expect(blank[0]).toBe('Cycle checklist (blank): Printable cycle');
		expect(blank).toContain('Planning (4 steps)');
		expect(blank.filter((l) => l.startsWith('Assignee: ____'))).toHaveLength(13);
		const blankCount = pdfPageCount(blankPdf);
		expect(pdfFooters(blankPdf).map((f) => f[1])).toEqual(Array.from({ length: blankCount }, (_, i) => `Page ${i + 1} of ${blankCount}`));
	});

	it('needs a signed-in member', async () => {
		expect((await new Client(server.url).request(`/cycles/${cycle.id}/checklist.pdf`)).status).toBe(401);
		await eventually(
			async () => (await viewer.request(`/cycles/${cycle.id}/checklist.pdf`)).status,
			(s) => s === 200,
			'viewer may read'
		);
	});
});

describe("the organization's checklist template", () => {
	it('is edited like any checklist by cycle managers, read-only for others, and seeds every new cycle', async () => {
		expect((await viewer.form('/cycles?/template', {})).status).toBe(403);
		const editor = await addMember(server, admin, 'editor@test.gov', 'editor');
		expect((await editor.form('/cycles?/template', {})).status).toBe(403);
		const res = await admin.form('/cycles?/template', {});
		expect(res.status).toBe(303);
		const name = decodeURIComponent(new URL(res.headers.get('location')!, server.url).pathname.replace('/docs/', ''));
		expect(name).toMatch(/^checklist:template-/);
		// a second request opens the same document, seeded once
		expect((await admin.form('/cycles?/template', {})).headers.get('location')).toBe(res.headers.get('location'));

		const template = await doc(name);
		expect(readChecklist(template.doc).items).toHaveLength(13);
		const items = itemsOf(template.doc);
		template.doc.transact(() => items.delete(1, items.length - 1)); // keep only the first step
		updateItem(template.doc, readChecklist(template.doc).items[0]!.id, { done: true, notes: 'not carried' });
		addItem(template.doc, {
			id: 'tpl-1',
			phase: 'followup',
			text: 'Present results to the council',
			assignee: null,
			due: null,
			notes: '',
			evidence: null
		});
		await template.allStored();

		const { docs } = (await (await editor.request('/api/v1/docs')).json()) as { docs: { name: string; canWrite: boolean }[] };
		expect(docs.find((d) => d.name === name)?.canWrite).toBe(false); // editors tick cycle checklists, not the template

		const c = await createCycle(admin, { name: 'From our template' });
		const checklist = await doc(c.checklistDoc);
		expect(readChecklist(checklist.doc).items.map((i) => [i.phase, i.text, i.done])).toEqual([
			['planning', 'Approve the survey questionnaire, including the add-on and follow-up questions', false],
			['followup', 'Present results to the council', false]
		]);
		const blank = pdfText(Buffer.from(await (await admin.request(`/cycles/${c.id}/checklist.pdf?blank=1`)).arrayBuffer()));
		expect(blank).toContain('Present results to the council');
		expect(await (await page(admin, '/cycles')).text()).toContain("New cycles start from your organization's own checklist template.");
	});
});

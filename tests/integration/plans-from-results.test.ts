/**
 * "Add to plan" from a survey result, surveys linked to a cycle, and the per-edit plan history,
 * against the real built server: the goal lands once in the plan document (seen live by a
 * connected editor) with its evidence; other organizations' surveys read as missing; viewers are
 * refused; the history names who made each edit through real WebSocket providers, and restoring
 * an earlier version is a new edit that reaches connected editors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAction, addGoal, readPlan, updateAction } from '../../src/lib/domain/plan/doc';
import { parseEvidence } from '../../src/lib/domain/plan/from-result';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import { createCycle, DocClient, type CycleSummary } from '../helpers/cycles';
import { addMember, Client, setupOrganization, signIn, startServer, type RunningServer } from '../helpers/server';
import { actorByEmail, liveSurvey, response, withContext } from '../helpers/surveys';

const L = (en: string) => ({ en, es: en });
const QUESTIONS: QuestionInput[] = [
	{
		key: 'roads',
		type: 'rating5',
		text: L('Condition of the streets'),
		labels: [1, 2, 3, 4, 5].map((i) => L(String(i))),
		focusArea: 'Roads'
	}
];

let server: RunningServer;
let admin: Client;
let editor: Client;
let viewer: Client;
let other: Client;
let cycle: CycleSummary;
let current = '';
let previous = '';
let foreign = '';
const html = { headers: { accept: 'text/html' } };

async function feed(id: string, answers: number[]) {
	for (const a of answers) {
		const res = await fetch(`${server.url}/api/v1/surveys/${id}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(response({ roads: a }))
		});
		if (res.status !== 201) throw new Error(`feed failed: ${res.status} ${await res.text()}`);
	}
}

const page = async (c: Client, path: string) => {
	const res = await c.request(path, html);
	return { status: res.status, text: await res.text() };
};

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	editor = await addMember(server, admin, 'eddie@test.gov', 'editor');
	viewer = await addMember(server, admin, 'vic@test.gov', 'viewer');
	const settings = { ipLimitPerMinute: '100000' };
	previous = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { title: 'Streets 2024', questions: QUESTIONS, settings }).id);
	await feed(previous, [5, 5, 4, 4, 4, 3, 2, 1, 5, 4]); // 70 % positive
	await withContext(server.dataDir, (ctx) => ctx.surveys.act(actorByEmail(ctx, 'ada@test.gov'), previous, { action: 'close' }));
	current = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { title: 'Streets 2025', questions: QUESTIONS, settings }).id);
	await feed(current, [5, 4, 3, 2, 1, 1, 2, 4, 3, 2]); // 30 % positive
	await withContext(server.dataDir, async (ctx) => {
		await ctx.accounts.provisionOrganization({
			organizationName: 'Other Town',
			timeZone: 'UTC',
			name: 'Bob',
			email: 'bob@other.gov',
			password: 'other password'
		});
		foreign = liveSurvey(ctx, { email: 'bob@other.gov', title: 'Other survey', questions: QUESTIONS }).id;
	});
	other = await signIn(server, 'bob@other.gov', 'other password');
	await createCycle(admin, { name: 'Unrelated cycle' });
	cycle = await createCycle(admin, { name: 'Streets cycle', periodEnd: '2099-12-31' });
}, 120_000);
afterAll(async () => server?.dispose());

describe('surveys linked to a cycle', () => {
	it('links and unlinks surveys of the organization on the cycle home, and refuses anyone else’s', async () => {
		expect((await admin.form(`/cycles/${cycle.id}?/linkSurvey`, { surveyId: current })).status).toBe(200);
		let home = await page(admin, `/cycles/${cycle.id}`);
		expect(home.text).toMatch(/data-testid="linked-surveys"[\s\S]*Streets 2025[\s\S]*questionnaire of this cycle/);
		expect((await admin.form(`/cycles/${cycle.id}?/linkSurvey`, { surveyId: previous })).status).toBe(200);
		expect((await admin.form(`/cycles/${cycle.id}?/unlinkSurvey`, { surveyId: previous })).status).toBe(200);
		home = await page(admin, `/cycles/${cycle.id}`);
		const linked = /data-testid="linked-surveys"([\s\S]*?)<\/ul>/.exec(home.text)![1]!;
		expect(linked).toContain('Streets 2025');
		expect(linked).not.toContain('Streets 2024');

		expect((await admin.form(`/cycles/${cycle.id}?/linkSurvey`, { surveyId: foreign })).status).toBe(404);
		expect((await viewer.form(`/cycles/${cycle.id}?/linkSurvey`, { surveyId: previous })).status).toBe(403);
		expect((await other.form(`/cycles/${cycle.id}?/linkSurvey`, { surveyId: foreign })).status).toBe(404);
		home = await page(admin, `/cycles/${cycle.id}`);
		expect(home.text).not.toContain('Other survey');
		expect(/data-testid="linked-surveys"([\s\S]*?)<\/ul>/.exec(home.text)![1]).not.toContain('Streets 2024');
	});
});

describe('add to plan from a survey result', () => {
	it('shows the question, its score and gap, and defaults to the cycle the survey is linked to', async () => {
		const p = await page(admin, `/surveys/${current}/results/plan?q=roads`);
		expect(p.status).toBe(200);
		expect(p.text).toContain('Condition of the streets');
		expect(p.text).toMatch(/30% positive/);
		expect(p.text).toMatch(/−40 points/); // 30 % vs 70 % last cycle
		expect(p.text).toMatch(new RegExp(`<option value="${cycle.id}"[^>]*selected`));
		expect(p.text).toContain('value="Improve “Condition of the streets”"');
		expect((await page(admin, `/surveys/${current}/results/plan?q=nope`)).status).toBe(404);
	});

	it('shows the gap to the benchmark once a target is set, and aims the goal at it', async () => {
		const put = await admin.json(`/api/v1/surveys/${current}/results/targets`, 'PUT', { targets: { roads: 60 } });
		expect(put.status).toBe(200);
		const p = await page(admin, `/surveys/${current}/results/plan?q=roads`);
		expect(p.text).toMatch(/−30 points <span class="muted">\(benchmark 60%\)/);
		const cleared = await admin.json(`/api/v1/surveys/${current}/results/targets`, 'PUT', { targets: { roads: null } });
		expect(cleared.status).toBe(200);
		expect((await page(admin, `/surveys/${current}/results/plan?q=roads`)).text).not.toContain('Against the benchmark');
	});

	it('creates exactly one goal in the plan, live for a connected editor, with the evidence linked', async () => {
		const watcher = new DocClient(server, editor, cycle.planDoc);
		await watcher.synced();
		const res = await admin.form(`/surveys/${current}/results/plan?q=roads`, {
			cycleId: cycle.id,
			questionKey: 'roads',
			title: 'Smoother streets',
			baseline: '30',
			target: '45',
			due: '2099-06-30',
			focusAreaId: ''
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(new RegExp(`^/cycles/${cycle.id}/plan\\?added=`));
		await watcher.when((d) => readPlan(d).goals.length === 1, 'goal relayed live');
		const goals = readPlan(watcher.doc).goals;
		expect(goals).toHaveLength(1);
		expect(goals[0]).toMatchObject({ title: 'Smoother streets', baseline: 30, target: 45, due: '2099-06-30', questionKeys: ['roads'] });
		expect(parseEvidence(goals[0]!.evidence)).toMatchObject({
			surveyId: current,
			questionKey: 'roads',
			score: 30,
			previous: { score: 70 },
			gapPrevious: -40
		});
		watcher.destroy();

		const cycles = (await (await admin.request('/api/v1/cycles')).json()) as CycleSummary[];
		expect(cycles.find((c) => c.id === cycle.id)?.planDoc).toBe(cycle.planDoc);
		const plan = await page(
			admin,
			new URL(res.headers.get('location')!, server.url).pathname + new URL(res.headers.get('location')!, server.url).search
		);
		expect(plan.text).toContain('Goal “Smoother streets” added to the plan');
	});

	it('adds through the API as well, and validates the input naming the field', async () => {
		const ok = await editor.json(`/api/v1/cycles/${cycle.id}/plan/goals`, 'POST', {
			surveyId: current,
			questionKey: 'roads',
			title: 'Via API'
		});
		expect(ok.status).toBe(201);
		const bad = await editor.json(`/api/v1/cycles/${cycle.id}/plan/goals`, 'POST', {
			surveyId: current,
			questionKey: 'roads',
			title: '',
			due: 'soon'
		});
		expect(bad.status).toBe(400);
		const body = (await bad.json()) as { error: { fields: Record<string, string> } };
		expect(Object.keys(body.error.fields).sort()).toEqual(['due', 'title']);
		const reader = new DocClient(server, admin, cycle.planDoc);
		await reader.synced();
		expect(readPlan(reader.doc).goals.map((g) => g.title)).toEqual(['Smoother streets', 'Via API']);
		reader.destroy();
	});

	it('reads another organization’s survey as missing, and refuses viewers', async () => {
		expect((await page(admin, `/surveys/${foreign}/results/plan?q=roads`)).status).toBe(404);
		const api = await admin.json(`/api/v1/cycles/${cycle.id}/plan/goals`, 'POST', {
			surveyId: foreign,
			questionKey: 'roads',
			title: 'Stolen'
		});
		expect(api.status).toBe(404);
		const fromOther = await other.json(`/api/v1/cycles/${cycle.id}/plan/goals`, 'POST', {
			surveyId: foreign,
			questionKey: 'roads',
			title: 'X'
		});
		expect(fromOther.status).toBe(404);
		const denied = await viewer.form(`/surveys/${current}/results/plan?q=roads`, {
			cycleId: cycle.id,
			questionKey: 'roads',
			title: 'Nope'
		});
		expect(denied.status).toBe(403);
		expect(
			(await viewer.json(`/api/v1/cycles/${cycle.id}/plan/goals`, 'POST', { surveyId: current, questionKey: 'roads', title: 'N' })).status
		).toBe(403);
		const reader = new DocClient(server, admin, cycle.planDoc);
		await reader.synced();
		expect(readPlan(reader.doc).goals).toHaveLength(2);
		reader.destroy();
	});
});

describe('starting the next cycle', () => {
	it('carries the questionnaire over from the closed cycle', async () => {
		const c = await createCycle(admin, { name: 'Carry cycle' });
		expect((await admin.form(`/cycles/${c.id}?/linkSurvey`, { surveyId: previous })).status).toBe(200);
		expect((await admin.form(`/cycles/${c.id}?/close`, {})).status).toBe(200);
		const next = await admin.form(`/cycles/${c.id}?/next`, {
			name: 'Carry cycle 2',
			kind: 'quarterly_evaluation',
			periodStart: '2026-01-01',
			periodEnd: '2026-03-31'
		});
		expect(next.status).toBe(303);
		const home = await page(admin, next.headers.get('location')!);
		expect(/data-testid="linked-surveys"([\s\S]*?)<\/ul>/.exec(home.text)![1]).toMatch(/Streets 2024[\s\S]*questionnaire of this cycle/);
	});
});

describe('per-edit plan history', () => {
	it('names the author of edits made by two people through their own connections, and restores an earlier version as a new edit', async () => {
		const c = await createCycle(admin, { name: 'History cycle' });
		const ana = new DocClient(server, admin, c.planDoc);
		const ed = new DocClient(server, editor, c.planDoc);
		await Promise.all([ana.synced(), ed.synced()]);
		addGoal(ana.doc, { id: 'g-roads', title: 'Safer roads' });
		addAction(ana.doc, 'g-roads', { id: 'a-main', title: 'Fix potholes on Main St' });
		await ana.allStored();
		await ed.when((d) => readPlan(d).goals[0]?.actions.length === 1, 'editor has the goal and its action');
		expect(updateAction(ed.doc, 'a-main', { status: 'at_risk' })).toBe(true);
		await ed.allStored();

		let h = await page(admin, `/cycles/${c.id}/plan/history`);
		expect(h.status).toBe(200);
		const edits = () => /data-testid="edits"([\s\S]*?)<\/ol>/.exec(h.text)![1]!;
		const summaries = () => [...edits().matchAll(/<p class="summary[^"]*">([^<]*)<\/p>/g)].map((m) => m[1]);
		expect(summaries()).toEqual([
			'eddie changed the status of “Fix potholes on Main St” to at risk.',
			'Ada Admin added the goal “Safer roads” and added the action “Fix potholes on Main St” to “Safer roads”.'
		]);

		const upTo = [...edits().matchAll(/name="upTo" value="(\d+)"/g)].map((m) => m[1]!);
		expect(upTo).toHaveLength(1); // the newest session is the current version
		expect((await viewer.form(`/cycles/${c.id}/plan/history?/restoreEdit`, { upTo: upTo[0]! })).status).toBe(403);
		expect((await admin.form(`/cycles/${c.id}/plan/history?/restoreEdit`, { upTo: upTo[0]! })).status).toBe(200);
		await ed.when((d) => readPlan(d).goals[0]?.actions[0]?.status === 'not_started', 'restore reaches the editor');

		h = await page(admin, `/cycles/${c.id}/plan/history`);
		expect(summaries()[0]).toBe('Ada Admin changed the status of “Fix potholes on Main St” to not started.');
		expect(summaries()).toHaveLength(3); // the restore is a new edit; nothing was rewritten
		expect((await admin.form(`/cycles/${c.id}/plan/history?/restoreEdit`, { upTo: '999999999' })).status).toBe(404);
		ana.destroy();
		ed.destroy();
	});
});

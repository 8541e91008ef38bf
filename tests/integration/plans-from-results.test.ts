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

describe('paging of the plan history', () => {
	const SESSIONS = 45; // three pages of 20, 20 and 5 sessions
	const goalsOf = (text: string) => [...text.matchAll(/<p class="summary[^"]*">[^<]*“Goal (\d+)”[^<]*<\/p>/g)].map((m) => Number(m[1]));
	const link = (text: string, name: string) => {
		const m = new RegExp(`<a href="([^"]+)"[^>]*>[^<]*${name}[^<]*</a>`).exec(text);
		return m ? m[1]!.replaceAll('&amp;', '&') : null;
	};
	const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, k) => from - k);
	let c: CycleSummary;
	let ana: DocClient;

	beforeAll(async () => {
		c = await createCycle(admin, { name: 'Long history cycle' });
		ana = new DocClient(server, admin, c.planDoc);
		const ed = new DocClient(server, editor, c.planDoc);
		await Promise.all([ana.synced(), ed.synced()]);
		// two people taking turns: every edit is a session of its own
		for (let n = 1; n <= SESSIONS; n++) {
			const who = n % 2 ? ana : ed;
			addGoal(who.doc, { id: `g-${n}`, title: `Goal ${n}` });
			await who.allStored();
		}
		ed.destroy();
	}, 120_000);
	afterAll(() => ana?.destroy());

	it('shows the newest 20 sessions, then older pages through plain links, with no gaps or duplicates', async () => {
		const first = await page(admin, `/cycles/${c.id}/plan/history`);
		expect(first.status).toBe(200);
		expect(goalsOf(first.text)).toEqual(range(45, 26));
		expect(first.text).toContain('This is the current version.');
		expect(first.text).toMatch(/Showing edits from <time[^>]*>[^<]+<\/time> to\s*<time[^>]*>[^<]+<\/time>\s*\(20 of 45 editing sessions\)/);
		expect(link(first.text, 'Newer edits')).toBeNull();
		expect(link(first.text, 'Latest edits')).toBeNull();
		const olderHref = link(first.text, 'Older edits');
		expect(olderHref).toMatch(new RegExp(`^/cycles/${c.id}/plan/history\\?before=\\d+$`));

		const second = await page(admin, olderHref!);
		expect(second.status).toBe(200);
		expect(goalsOf(second.text)).toEqual(range(25, 6));
		expect(second.text).not.toContain('This is the current version.');
		expect([...second.text.matchAll(/name="upTo" value="\d+"/g)]).toHaveLength(20); // every session can be restored
		expect(link(second.text, 'Latest edits')).toBe(`/cycles/${c.id}/plan/history`);

		const third = await page(admin, link(second.text, 'Older edits')!);
		expect(goalsOf(third.text)).toEqual(range(5, 1));
		expect(link(third.text, 'Older edits')).toBeNull(); // the first edit is on this page
		expect(third.text).toContain('(5 of 45 editing sessions)');
		expect(link(third.text, 'Latest edits')).toBe(`/cycles/${c.id}/plan/history`);
		expect(link(second.text, 'Newer edits')).toBeNull(); // the page newer than the second is the latest
		// back one page at a time: the newer page of the last one is the second page again
		const back = await page(admin, link(third.text, 'Newer edits')!);
		expect(goalsOf(back.text)).toEqual(range(25, 6));

		// every session exactly once across the pages
		expect([...goalsOf(first.text), ...goalsOf(second.text), ...goalsOf(third.text)]).toEqual(range(45, 1));
		// the viewer pages through too, without restore buttons
		const viewed = await page(viewer, olderHref!);
		expect(goalsOf(viewed.text)).toEqual(range(25, 6));
		expect(viewed.text).not.toContain('name="upTo"');
	});

	it('answers a malformed cursor with a 400 naming the parameter, and a cursor before the first edit with an empty page', async () => {
		for (const bad of ['abc', '0', '-3', '1.5', '1e3', '99999999999999999999']) {
			const res = await page(admin, `/cycles/${c.id}/plan/history?before=${encodeURIComponent(bad)}`);
			expect(res.status, bad).toBe(400);
			expect(res.text, bad).toContain('The “before” parameter must be the number of a recorded edit');
		}
		const none = await page(admin, `/cycles/${c.id}/plan/history?before=1`);
		expect(none.status).toBe(200);
		expect(none.text).toContain('No edits before this point.');
		expect(goalsOf(none.text)).toEqual([]);
		expect(link(none.text, 'Newer edits') ?? link(none.text, 'Latest edits')).not.toBeNull();
	});

	it('shows nothing of another organization’s plan for its cursor, and refuses their history page', async () => {
		const theirs = await createCycle(other, { name: 'Other town cycle' });
		const bob = new DocClient(server, other, theirs.planDoc);
		await bob.synced();
		addGoal(bob.doc, { id: 'g-secret', title: 'Secret goal of Other Town' });
		await bob.allStored();
		bob.destroy();
		const own = await page(other, `/cycles/${theirs.id}/plan/history`);
		expect(own.text).toContain('Secret goal of Other Town');
		// the id of their recorded edit, as their own "Older edits" link would carry it
		const cursor = await withContext(server.dataDir, (ctx) =>
			Number(
				ctx.database.sqlite
					.prepare('select max(id) from sync_update_history where doc_name = ? and seq is not null')
					.pluck()
					.get(theirs.planDoc)
			)
		);
		expect(cursor).toBeGreaterThan(0);

		// their newest edit id (and the next one) as a cursor on our plan: only our own older sessions
		for (const before of [cursor, cursor + 1]) {
			const res = await page(admin, `/cycles/${c.id}/plan/history?before=${before}`);
			expect(res.status).toBe(200);
			expect(res.text).not.toContain('Secret goal');
			expect(res.text).not.toContain('Other town cycle');
			expect(goalsOf(res.text)).toEqual(range(45, 26));
		}
		// their page with any cursor is not found for us
		expect((await page(admin, `/cycles/${theirs.id}/plan/history?before=${cursor + 1}`)).status).toBe(404);
		expect((await page(admin, `/cycles/${theirs.id}/plan/history`)).status).toBe(404);
	});

	it('restores the version after a session shown on an older page, as a new edit', async () => {
		const second = await page(admin, link((await page(admin, `/cycles/${c.id}/plan/history`)).text, 'Older edits')!);
		// the session that added Goal 10: the plan goes back to goals 1 to 10
		const items = /data-testid="edits"([\s\S]*?)<\/ol>/.exec(second.text)![1]!.split(/<li[ >]/);
		const upTo = /name="upTo" value="(\d+)"/.exec(items.find((x) => x.includes('“Goal 10”')) ?? '')?.[1];
		expect(upTo).toBeDefined();
		expect((await viewer.form(`/cycles/${c.id}/plan/history?/restoreEdit`, { upTo: upTo! })).status).toBe(403);
		// by the other person than the newest session's, so the restore is a session of its own
		expect((await editor.form(`/cycles/${c.id}/plan/history?/restoreEdit`, { upTo: upTo! })).status).toBe(200);
		await ana.when((d) => readPlan(d).goals.length === 10, 'the restore reaches a connected editor');
		expect(readPlan(ana.doc).goals.map((g) => g.title)).toEqual(
			range(10, 1)
				.reverse()
				.map((n) => `Goal ${n}`)
		);

		const latest = await page(admin, `/cycles/${c.id}/plan/history`);
		expect(latest.text).toContain('(20 of 46 editing sessions)');
		expect(/<p class="summary[^"]*">([^<]*)<\/p>/.exec(latest.text)![1]).toMatch(/^eddie removed the goal “Goal 11”/);
		// nothing was rewritten: the older pages still show every earlier session
		expect(goalsOf(latest.text).slice(1)).toEqual(range(45, 27));
	});
});

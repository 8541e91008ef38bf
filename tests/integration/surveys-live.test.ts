/**
 * The live feed over HTTP against the real built server: responses fed through the intake API,
 * then the SSE snapshot read as staff see it — counts by channel and district, the open-text
 * stream newest first with its sentiment markers, the `?q=` filter, and an emerging term.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import type { LiveSnapshot } from '../../src/lib/server/surveys/live';
import { districtRepo } from '../../src/lib/server/accounts/repository';
import { newId } from '../../src/lib/server/auth/tokens';
import { addMember, Client, setupOrganization, startServer, type RunningServer } from '../helpers/server';
import { actorByEmail, liveSurvey, response, withContext } from '../helpers/surveys';

const L = (en: string) => ({ en, es: `${en} (es)` });
const QUESTIONS: QuestionInput[] = [
	{ key: 'overall', type: 'rating5', text: L('Overall'), labels: [L('1'), L('2'), L('3'), L('4'), L('5')], required: true },
	{ key: 'home', type: 'district', text: L('Where do you live?'), options: [] },
	{ key: 'fix_first', type: 'long_text', text: L('What should we fix first?') },
	{ key: 'comment', type: 'short_text', text: L('Anything else?') }
];

let server: RunningServer;
let admin: Client;
let viewer: Client;
let survey: { id: string };

async function liveSnapshot(c: Client, query = ''): Promise<LiveSnapshot> {
	const ac = new AbortController();
	const res = await fetch(`${server.url}/surveys/${survey.id}/live${query}`, { headers: { cookie: c.cookieHeader }, signal: ac.signal });
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
	const reader = res.body!.getReader();
	let text = '';
	while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
	ac.abort();
	return JSON.parse(text.slice(text.indexOf('data: ') + 6, text.indexOf('\n\n'))) as LiveSnapshot;
}

async function post(answers: Record<string, unknown>, extra: Record<string, unknown> = {}, as?: Client): Promise<void> {
	const body = response(answers, extra);
	const res = as
		? await as.json(`/api/v1/surveys/${survey.id}/responses`, 'POST', body)
		: await fetch(`${server.url}/api/v1/surveys/${survey.id}/responses`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
	expect(res.status).toBe(201);
}

const FLOOD = [
	'Flooding near the school is not good',
	'The flooding is terrible',
	'flooding again',
	'Flooding under the bridge',
	'Stop the flooding',
	'flooding, flooding, flooding'
];

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	viewer = await addMember(server, admin, 'vic@test.gov', 'viewer');
	survey = await withContext(server.dataDir, (ctx) => {
		const organizationId = actorByEmail(ctx, 'ada@test.gov').organizationId;
		districtRepo.insert(ctx.database.db, { id: newId(), organizationId, code: 'D1', name: 'Downtown' });
		districtRepo.insert(ctx.database.db, { id: newId(), organizationId, code: 'D2', name: 'Riverside' });
		return liveSurvey(ctx, { questions: QUESTIONS, settings: { ipLimitPerMinute: '1000000', surveyLimitPerMinute: '10000000' } });
	});

	// 40 earlier answers: buses, trees, a clean park — never flooding. D1 and D2 alternate.
	for (let i = 0; i < 40; i++) {
		const home = i % 2 ? 'D2' : 'D1';
		if (i % 4 < 2) await post({ overall: 3, home, fix_first: 'Buses are late' });
		else if (i % 4 === 2) await post({ overall: 4, home, comment: 'More trees in the park please' });
		else await post({ overall: 5, home, comment: 'El parque está muy limpio' }, { language: 'es' });
	}
	// 10 recent answers: flooding in 6 of them (4 on paper, entered by staff), buses in 4.
	for (const [i, text] of FLOOD.entries())
		await post({ overall: 2, home: i < 4 ? 'D1' : 'D2', fix_first: text }, i < 4 ? { channel: 'paper' } : {}, i < 4 ? admin : undefined);
	for (let i = 0; i < 3; i++) await post({ overall: 3, home: 'D2', fix_first: 'Buses are late' });
	await post({ overall: 1, fix_first: 'Buses are late', comment: 'Nothing else, thank you' });
});
afterAll(async () => server?.dispose());

describe('live feed snapshot', () => {
	it('counts responses by channel and by district (names, "Not given" last)', async () => {
		const live = await liveSnapshot(viewer);
		expect(live.responses).toBe(50);
		expect(live.byChannel.map((c) => [c.key, c.count])).toEqual([
			['web', 46],
			['paper', 4]
		]);
		expect(live.byDistrict.map((d) => [d.key, d.label, d.count])).toEqual([
			['D2', 'Riverside', 25],
			['D1', 'Downtown', 24],
			['', 'Not given', 1]
		]);
	});

	it('streams the open-text answers newest first, each with its question, channel, district and sentiment', async () => {
		const live = await liveSnapshot(admin);
		// 51 answers in 50 responses (the last one answered both text questions): the newest 50.
		expect(live.texts).toHaveLength(50);
		expect(live.texts.slice(0, 3).map((t) => [t.question, t.text, t.sentiment, t.district])).toEqual([
			['What should we fix first?', 'Buses are late', 'negative', null],
			['Anything else?', 'Nothing else, thank you', 'positive', null],
			['What should we fix first?', 'Buses are late', 'negative', 'D2']
		]);
		const times = live.texts.map((t) => Date.parse(t.submittedAt));
		expect(times).toEqual([...times].sort((a, b) => b - a));
		const byText = new Map(live.texts.map((t) => [t.text, t]));
		expect(byText.get('Flooding near the school is not good')).toMatchObject({ sentiment: 'negative', channel: 'paper', district: 'D1' });
		expect(byText.get('flooding again')).toMatchObject({ sentiment: 'negative', channel: 'paper' });
		expect(byText.get('More trees in the park please')).toMatchObject({ sentiment: 'neutral', channel: 'web' });
		expect(byText.get('El parque está muy limpio')).toMatchObject({ sentiment: 'positive', language: 'es', question: 'Anything else?' });
		expect(byText.get('Stop the flooding')).toMatchObject({ channel: 'web', district: 'D2' });
	});

	it('filters the stream on the server with ?q= (case and accents ignored)', async () => {
		const flood = await liveSnapshot(admin, '?q=FLOODING');
		expect(flood.q).toBe('FLOODING');
		expect(flood.texts.map((t) => t.text)).toEqual([...FLOOD].reverse());
		const es = await liveSnapshot(admin, `?q=${encodeURIComponent('esta muy')}`);
		expect(es.texts).toHaveLength(10);
		expect(new Set(es.texts.map((t) => t.text))).toEqual(new Set(['El parque está muy limpio']));
		expect((await liveSnapshot(admin, '?q=volcano')).texts).toEqual([]);
		// Counts are never filtered.
		expect(flood.responses).toBe(50);
	});

	it('flags a term rising above its usual share: flooding, 6 of 10 recent answers vs 0 of 40 before', async () => {
		const live = await liveSnapshot(viewer);
		expect(live.emerging.map((e) => [e.word, e.recent, e.recentTotal, e.baseline, e.baselineTotal])).toEqual([['flooding', 6, 10, 0, 40]]);
		expect(live.emerging[0]!.z).toBeCloseTo(5.22, 2);
	});

	it('follows a new response on the next snapshot', async () => {
		await post({ overall: 5, home: 'D1', comment: 'Great new library' }, { channel: 'field' }, admin);
		const live = await liveSnapshot(admin);
		expect(live.responses).toBe(51);
		expect(live.byChannel.map((c) => [c.key, c.count])).toEqual([
			['web', 46],
			['paper', 4],
			['field', 1]
		]);
		expect(live.texts[0]).toMatchObject({ text: 'Great new library', sentiment: 'positive', channel: 'field', district: 'D1' });
	});

	it('recounts when a response counted before is gone (counts are kept between ticks)', async () => {
		const db = new Database(join(server.dataDir, 'civicloop.db'));
		try {
			const old = db.prepare("SELECT min(id) AS id FROM survey_responses WHERE survey_id = ? AND channel = 'paper'").get(survey.id) as {
				id: number;
			};
			expect(db.prepare('DELETE FROM survey_responses WHERE id = ?').run(old.id).changes).toBe(1);
		} finally {
			db.close();
		}
		const live = await liveSnapshot(admin);
		expect(live.responses).toBe(50);
		expect(live.byChannel.map((c) => [c.key, c.count])).toEqual([
			['web', 46],
			['paper', 3],
			['field', 1]
		]);
		expect(live.byDistrict.map((d) => [d.key, d.count])).toEqual([
			['D2', 25],
			['D1', 24],
			['', 1]
		]);
		expect(live.texts.map((t) => t.text)).not.toContain('Flooding near the school is not good');
	});

	it('is refused to visitors who are not signed in', async () => {
		const res = await fetch(`${server.url}/surveys/${survey.id}/live`, { redirect: 'manual' });
		expect(res.status).toBe(401);
		expect(await res.text()).not.toContain('flooding');
	});
});

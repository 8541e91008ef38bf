/**
 * Quotas and field mode over HTTP against the real built server: quotas refused with a message
 * naming each bad field (nothing stored), counted after intake (JSON API, staff page, live feed),
 * and who may open field intercept mode and feed the `field` channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/server/auth/tokens';
import { districtRepo } from '../../src/lib/server/accounts/repository';
import { actorByEmail, liveSurvey, response, storedResponses, withContext } from '../helpers/surveys';
import { addMember, Client, setupOrganization, startServer, type RunningServer } from '../helpers/server';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';

const L = (en: string) => ({ en, es: `${en} (es)` });
const QUESTIONS: QuestionInput[] = [
	{ key: 'overall', type: 'rating5', text: L('Overall'), labels: [L('1'), L('2'), L('3'), L('4'), L('5')], required: true },
	{ key: 'home', type: 'district', text: L('Where do you live?'), options: [] },
	{
		key: 'age',
		type: 'demographic',
		dimension: 'age_band',
		text: L('Your age'),
		options: [
			{ code: '18-34', label: L('18–34') },
			{ code: '35-64', label: L('35–64') },
			{ code: '65+', label: L('65 or over') }
		]
	}
];
const HIGH = { ipLimitPerMinute: '1000000', surveyLimitPerMinute: '10000000' };

let server: RunningServer;
let admin: Client;
let field: Client;
let viewer: Client;
let survey: { id: string; slug: string };
let draft: { id: string; slug: string };

const quotasOf = async (c: Client, id = survey.id) => (await c.request(`/api/v1/surveys/${id}/quotas`)).json();

/** The first snapshot of the live feed (SSE), then the stream is dropped. */
async function liveSnapshot(
	c: Client,
	id: string
): Promise<{ responses: number; quotas: { cell: string; count: number; met: boolean }[] }> {
	const ac = new AbortController();
	const res = await fetch(`${server.url}/surveys/${id}/live`, { headers: { cookie: c.cookieHeader }, signal: ac.signal });
	const reader = res.body!.getReader();
	let text = '';
	while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
	ac.abort();
	return JSON.parse(text.slice(text.indexOf('data: ') + 6, text.indexOf('\n\n')));
}

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	field = await addMember(server, admin, 'fran@test.gov', 'field');
	viewer = await addMember(server, admin, 'vic@test.gov', 'viewer');
	({ survey, draft } = await withContext(server.dataDir, (ctx) => {
		const organizationId = actorByEmail(ctx, 'ada@test.gov').organizationId;
		for (const [code, name] of [
			['D1', 'Downtown'],
			['D2', 'Riverside']
		] as const)
			districtRepo.insert(ctx.database.db, { id: newId(), organizationId, code, name });
		return {
			survey: liveSurvey(ctx, { questions: QUESTIONS, settings: HIGH }),
			draft: liveSurvey(ctx, { questions: QUESTIONS, title: 'Not yet live', publish: false })
		};
	}));
});
afterAll(async () => server?.dispose());

describe('quotas', () => {
	it('refuses bad quotas naming each field, and stores none of them', async () => {
		const res = await admin.json(`/api/v1/surveys/${survey.id}/quotas`, 'PUT', {
			quotas: [
				{ dimension: 'district', cell: 'D1', target: 300 },
				{ dimension: 'gender', cell: 'f', target: 10 },
				{ dimension: 'district', cell: 'D7', target: 10 },
				{ dimension: 'age_band', cell: '18-34', target: 0 },
				{ dimension: 'age_band', cell: '65+', target: 2.5 }
			]
		});
		expect(res.status).toBe(400);
		const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
		expect(error.code).toBe('validation.failed');
		expect(Object.keys(error.fields).sort()).toEqual(['quotas.1.dimension', 'quotas.2.cell', 'quotas.3.target', 'quotas.4.target']);
		expect(error.fields['quotas.2.cell']).toMatch(/"D7" is not a category of district \(D1, D2\)/);
		expect(error.fields['quotas.3.target']).toMatch(/whole number/);
		expect((await quotasOf(admin)).progress).toEqual([]);

		const shape = await admin.json(`/api/v1/surveys/${survey.id}/quotas`, 'PUT', { quotas: 'D1=3' });
		expect(shape.status).toBe(400);
		expect(((await shape.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty('quotas');
	});

	it('refuses a bad target on the settings form with the message next to that field', async () => {
		const res = await admin.form(`/surveys/${survey.id}?/quotas`, { 'quota.district.D1': '3', 'quota.age_band.18-34': '-4' });
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('Target for age_band 18–34: use a whole number');
		expect(html).toMatch(/id="quota-quota_age_band_18-34-error"/);
		expect((await quotasOf(admin)).progress).toEqual([]);
	});

	it('is in the OpenAPI document', async () => {
		const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
		expect(Object.keys(doc.paths['/surveys/{id}/quotas'] ?? {})).toEqual(expect.arrayContaining(['get', 'put']));
	});

	it('lets only designers change quotas; field staff and viewers read them', async () => {
		const body = { quotas: [{ dimension: 'district', cell: 'D1', target: 3 }] };
		expect((await field.json(`/api/v1/surveys/${survey.id}/quotas`, 'PUT', body)).status).toBe(403);
		expect((await viewer.json(`/api/v1/surveys/${survey.id}/quotas`, 'PUT', body)).status).toBe(403);
		expect((await viewer.request(`/api/v1/surveys/${survey.id}/quotas`)).status).toBe(200);
	});

	it('counts responses per cell after intake: API, staff page and live feed agree', async () => {
		const saved = await admin.form(`/surveys/${survey.id}?/quotas`, {
			'quota.district.D1': '3',
			'quota.district.D2': '',
			'quota.age_band.18-34': '2',
			'quota.age_band.65+': '5'
		});
		expect(saved.status).toBe(200);
		expect((await quotasOf(admin)).progress.map((p: { cell: string; count: number }) => [p.cell, p.count])).toEqual([
			['D1', 0],
			['18-34', 0],
			['65+', 0]
		]);

		const answers = [
			{ overall: 4, home: 'D1', age: '18-34' },
			{ overall: 2, home: 'D1', age: '18-34' },
			{ overall: 5, home: 'D1', age: '35-64' },
			{ overall: 3, home: 'D2', age: '65+' },
			{ overall: 3, home: 'D1' }
		];
		for (const a of answers) {
			const res = await fetch(`${server.url}/api/v1/surveys/${survey.id}/responses`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(response(a))
			});
			expect(res.status).toBe(201);
		}
		// Field staff feed the field channel with their session.
		const fieldRes = await field.json(
			`/api/v1/surveys/${survey.id}/responses`,
			'POST',
			response({ overall: 1, home: 'D2', age: '65+' }, { channel: 'field', language: 'es' })
		);
		expect(fieldRes.status).toBe(201);
		expect(storedResponses(server.dataDir, survey.id).rows).toBe(6);

		const progress = (await quotasOf(field)).progress as { dimension: string; cell: string; count: number; target: number; met: boolean }[];
		expect(progress.map((p) => [p.dimension, p.cell, p.count, p.target, p.met])).toEqual([
			['district', 'D1', 4, 3, true],
			['age_band', '18-34', 2, 2, true],
			['age_band', '65+', 2, 5, false]
		]);
		const live = await liveSnapshot(admin, survey.id);
		expect(live.responses).toBe(6);
		expect(live.quotas.map((q) => [q.cell, q.count, q.met])).toEqual([
			['D1', 4, true],
			['18-34', 2, true],
			['65+', 2, false]
		]);
		// One more arrives: counted on top of what was counted before.
		const more = await admin.json(`/api/v1/surveys/${survey.id}/responses`, 'POST', response({ overall: 5, home: 'D1', age: '18-34' }));
		expect(more.status).toBe(201);
		expect((await quotasOf(viewer)).progress.map((p: { count: number }) => p.count)).toEqual([5, 3, 2]);
		expect((await liveSnapshot(admin, survey.id)).quotas.map((q) => q.count)).toEqual([5, 3, 2]);
		const page = await (await admin.request(`/surveys/${survey.id}`)).text();
		expect(page).toContain('data-quota="district.D1"');
		expect(page).toMatch(/5 of 3 · (<!--[^>]*-->)?<strong>Quota met<\/strong>/);
	});
});

describe('field mode', () => {
	it('opens for field staff on a live survey with the frozen questionnaire', async () => {
		const res = await field.request(`/surveys/${survey.id}/field`);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain(`/api/v1/surveys/${survey.id}/responses`);
		expect(html).toContain('Where do you live?');
		// Kiosk: no tab bar or menus of the app.
		expect(html).not.toContain('aria-label="Main"');
	});

	it('is refused to viewers, to anonymous visitors and on a survey that is not live', async () => {
		expect((await viewer.request(`/surveys/${survey.id}/field`)).status).toBe(403);
		const anon = await new Client(server.url).request(`/surveys/${survey.id}/field`);
		expect(anon.status).toBe(303);
		expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
		expect((await admin.request(`/surveys/${draft.id}/field`)).status).toBe(404);
	});
});

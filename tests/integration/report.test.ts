/**
 * The survey summary report against the real built server: the PDF as an analyst (tagged, its
 * text has the title, the method, a question's percent positive, the action plan and the
 * appendix; a footer on every page with the survey, the day it was made in the organization's time
 * zone and "Page N of M", as pagination artifacts; Spanish with ?lang=es), another organization's
 * viewer gets 404, and the public link:
 * 404 while sharing is off, 200 without a session when on, 404 again once switched off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../src/lib/domain/cycles/week';
import { addAction, addGoal } from '../../src/lib/domain/plan/doc';
import { formatDate } from '../../src/lib/domain/results/summary';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { createReportService } from '../../src/lib/server/results/report';
import { linkDemoCycle } from '../../src/lib/server/results/report-demo';
import { testContext } from '../helpers/context';
import { createCycle, DocClient, eventually } from '../helpers/cycles';
import { pdfFooters, pdfPageCount, pdfPages, pdfText } from '../helpers/pdf-text';
import { ADMIN, addMember, Client, setupOrganization, signIn, startServer, type RunningServer } from '../helpers/server';
import { actorByEmail, liveSurvey, response, withContext } from '../helpers/surveys';

const L = (en: string, es: string) => ({ en, es });
const QUESTIONS: QuestionInput[] = [
	{
		key: 'parks',
		type: 'rating5',
		text: L('Upkeep of parks', 'Cuidado de los parques'),
		labels: [1, 2, 3, 4, 5].map((i) => L(String(i), String(i))),
		dontKnow: true,
		focusArea: 'Parks'
	},
	{
		key: 'streets',
		type: 'rating5',
		text: L('Condition of streets', 'Estado de las calles'),
		labels: [1, 2, 3, 4, 5].map((i) => L(String(i), String(i))),
		focusArea: 'Streets'
	},
	{
		key: 'recommend',
		type: 'nps',
		text: L('Recommend the city', 'Recomendaría la ciudad'),
		lowLabel: L('No', 'No'),
		highLabel: L('Yes', 'Sí')
	}
];

let server: RunningServer;
let admin: Client;
let analyst: Client;
let viewer: Client;
let outsider: Client;
let id = '';

async function feed(surveyId: string, count: number, answer: (i: number) => Record<string, unknown>) {
	for (let i = 0; i < count; i++) {
		const res = await fetch(`${server.url}/api/v1/surveys/${surveyId}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(response(answer(i)))
		});
		if (res.status !== 201) throw new Error(`feed failed: ${res.status} ${await res.text()}`);
	}
}

/** The public page, fetched with no cookies at all. */
const anonymous = (path: string) => fetch(server.url + path, { redirect: 'manual' });
const html = async (c: Client, path: string) => (await c.request(path, { headers: { accept: 'text/html' } })).text();
/**
 * The PDF of `path` and the footer note its pages should carry: the survey and the day it was made
 * in the organization's time zone (either side of the request, should it straddle midnight there).
 */
async function reportPdf(c: Client, path: string, note: (date: string) => string, init: RequestInit = {}) {
	const before = todayIn(ADMIN.timeZone);
	const res = await c.request(path, init);
	expect(res.status).toBe(200);
	const pdf = Buffer.from(await res.arrayBuffer());
	const notes = [before, todayIn(ADMIN.timeZone)].map(note);
	return { res, pdf, note: notes.find((n) => pdfFooters(pdf)[0]?.[0] === n) ?? notes[1]! };
}

/** "Page 1 of N" … "Page N of N" after the note, N the page count the file declares. */
function expectFooters(pdf: Buffer, note: string, page: (n: number, count: number) => string) {
	const count = pdfPageCount(pdf);
	expect(pdfFooters(pdf)).toEqual(Array.from({ length: count }, (_, i) => [note, page(i + 1, count)]));
	return count;
}

const publicPath = async () => /\/r\/([a-z2-7]{32})/.exec(await html(analyst, `/surveys/${id}/report`))?.[0] ?? null;

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	analyst = await addMember(server, admin, 'ana@test.gov', 'analyst');
	viewer = await addMember(server, admin, 'vic@test.gov', 'viewer');
	const settings = { ipLimitPerMinute: '100000' };
	const previous = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { title: 'Last year', questions: QUESTIONS, settings }).id);
	await feed(previous, 60, (i) => ({ parks: (i % 5) + 1, streets: (i % 5) + 1, recommend: i % 11 }));
	await withContext(server.dataDir, (ctx) => ctx.surveys.act(actorByEmail(ctx, 'ada@test.gov'), previous, { action: 'close' }));
	id = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { title: 'Résumé 2026', questions: QUESTIONS, settings }).id);
	// Parks: 3 of 4 answer 4 or 5 (75%); streets: 1 of 4 (25%).
	await feed(id, 80, (i) => ({ parks: i % 4 === 0 ? 2 : 4 + (i % 2), streets: i % 4 === 0 ? 5 : 2, recommend: i % 2 ? 9 : 3 }));

	// A cycle that uses the survey, with a plan of one goal and two actions (one done).
	const cycle = await createCycle(admin, { name: 'Parks cycle' });
	await withContext(server.dataDir, (ctx) => linkDemoCycle(ctx, actorByEmail(ctx, 'ada@test.gov').organizationId, 'Parks cycle', id));
	const plan = new DocClient(server, admin, cycle.planDoc);
	await plan.synced();
	addGoal(plan.doc, { id: 'g1', title: 'Cleaner parks' });
	addAction(plan.doc, 'g1', { id: 'a1', title: 'Litter walk', status: 'done', progress: 100 });
	addAction(plan.doc, 'g1', { id: 'a2', title: 'New benches', status: 'on_track', progress: 50 });
	await plan.allStored();
	plan.destroy();
	await eventually(
		() => html(analyst, `/surveys/${id}/report`),
		(page) => page.includes('Cleaner parks'),
		'plan projection'
	);

	await withContext(server.dataDir, (ctx) =>
		ctx.accounts.provisionOrganization({
			organizationName: 'Other Town',
			timeZone: 'UTC',
			name: 'Bob',
			email: 'bob@other.gov',
			password: 'other password'
		})
	);
	const bob = await signIn(server, 'bob@other.gov', 'other password');
	outsider = await addMember(server, bob, 'val@other.gov', 'viewer');
}, 180_000);
afterAll(async () => server?.dispose());

describe('GET /surveys/<id>/report.pdf', () => {
	it('gives an analyst a tagged PDF with the title, method, percentages, plan progress and appendix', async () => {
		const { res, pdf, note } = await reportPdf(
			analyst,
			`/surveys/${id}/report.pdf`,
			(d) => `Résumé 2026 · Generated on ${formatDate(d, 'en')}`
		);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="resume-2026-summary.pdf"');
		const raw = pdf.toString('latin1');
		expect(raw.startsWith('%PDF-1.7')).toBe(true);
		expect(raw).toContain('/StructTreeRoot');
		expect(raw).toContain('/Marked true');
		expect(raw).toContain('/DisplayDocTitle true');
		expect(raw).toMatch(/\/Lang \(en-US\)/);
		const lines = pdfText(pdf);
		const text = lines.join('\n');
		expect(text).toContain('Summary report: Résumé 2026');
		expect(text).toContain('Method and weighting');
		expect(text).toContain('80 responses');
		expect(lines).toContain('Upkeep of parks: 75%');
		expect(lines).toContain('Condition of streets: 25%');
		expect(text).toContain('Key findings');
		expect(text).toContain('Compared with Last year.');
		expect(text).toContain('Action plan progress');
		expect(text).toContain('Parks cycle: 75% complete; 1 of 2 actions done across 1 goals.');
		expect(text).toContain('Appendix: all questions');
		// The appendix row of the parks question: n, percent positive and margin in points.
		const row = lines.indexOf('Upkeep of parks', lines.indexOf('Appendix: all questions'));
		expect(lines.slice(row, row + 5)).toEqual(['Upkeep of parks', 'Parks', '80', '75%', expect.stringMatching(/^\d+\.\d$/)]);

		// Every page numbered; the footers are pagination artifacts, everything else structure
		// content (or a table header repeated as a layout artifact), and every page has a body.
		expect(expectFooters(pdf, note, (n, count) => `Page ${n} of ${count}`)).toBeGreaterThanOrEqual(3);
		for (const page of pdfPages(pdf)) {
			expect(page.filter((l) => l.artifact === null).length).toBeGreaterThan(0);
			for (const l of page) expect(l.mcid !== null || l.artifact === 'Pagination' || l.artifact === 'Layout').toBe(true);
		}
	});

	it('is in Spanish with ?lang=es, question texts and page footers included', async () => {
		const { pdf, note } = await reportPdf(
			analyst,
			`/surveys/${id}/report.pdf?lang=es`,
			(d) => `Résumé 2026 · Generado el ${formatDate(d, 'es')}`
		);
		expect(pdf.toString('latin1')).toMatch(/\/Lang \(es\)/);
		expectFooters(pdf, note, (n, count) => `Página ${n} de ${count}`);
		const lines = pdfText(pdf);
		expect(lines.join('\n')).toContain('Informe resumido: Résumé 2026');
		expect(lines).toContain('Método y ponderación');
		expect(lines).toContain('Cuidado de los parques: 75%');
		expect(lines).toContain('Anexo: todas las preguntas');
		await analyst.request('/?lang=en');

		// A reader whose browser asks for Spanish (no ?lang=, no cookie) gets it too.
		const browser = await reportPdf(viewer, `/surveys/${id}/report.pdf`, (d) => `Résumé 2026 · Generado el ${formatDate(d, 'es')}`, {
			headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' }
		});
		expect(browser.res.headers.get('content-language')).toBe('es');
		expectFooters(browser.pdf, browser.note, (n, count) => `Página ${n} de ${count}`);
	});

	it('still renders for a survey with no responses yet', async () => {
		const empty = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { title: 'Just opened', questions: QUESTIONS }).id);
		const { pdf, note } = await reportPdf(
			analyst,
			`/surveys/${empty}/report.pdf`,
			(d) => `Just opened · Generated on ${formatDate(d, 'en')}`
		);
		expectFooters(pdf, note, (n, count) => `Page ${n} of ${count}`);
		const lines = pdfText(pdf);
		expect(lines).toContain('No responses yet');
		expect(lines).toContain('0 responses');
		expect(lines).toContain('Appendix: all questions');
	});

	it('is readable by a viewer of the organization and a 404 for a viewer of another one', async () => {
		expect((await viewer.request(`/surveys/${id}/report.pdf`)).status).toBe(200);
		const res = await outsider.request(`/surveys/${id}/report.pdf`);
		expect(res.status).toBe(404);
		expect(res.headers.get('content-type')).not.toBe('application/pdf');
		expect((await outsider.request(`/surveys/${id}/report`, { headers: { accept: 'text/html' } })).status).toBe(404);
		expect((await anonymous(`/surveys/${id}/report.pdf`)).status).toBe(401);
	});
});

describe('the public summary link', () => {
	it('is 404 while off, public when switched on, and 404 again once switched off', async () => {
		expect(await publicPath()).toBeNull();
		expect((await anonymous(`/r/${'a'.repeat(32)}`)).status).toBe(404);

		// Not ticking the confirmation, or being a viewer, changes nothing.
		expect((await analyst.form(`/surveys/${id}/report?/share`, { share: 'on' })).status).toBe(400);
		expect((await viewer.form(`/surveys/${id}/report?/share`, { share: 'on', confirm: 'yes' })).status).toBe(403);
		expect((await outsider.form(`/surveys/${id}/report?/share`, { share: 'on', confirm: 'yes' })).status).toBe(404);
		expect(await publicPath()).toBeNull();

		expect((await analyst.form(`/surveys/${id}/report?/share`, { share: 'on', confirm: 'yes' })).status).toBe(200);
		const path = await publicPath();
		expect(path).not.toBeNull();
		const res = await anonymous(path!);
		expect(res.status).toBe(200);
		const page = await res.text();
		expect(page).toContain('Summary report: Résumé 2026');
		expect(page).toContain('Key findings');
		expect(page).toContain('Highest rated: Upkeep of parks (75% positive).');
		expect(page).toContain('Lowest rated: Condition of streets (25% positive).');
		expect(page).toContain('Cleaner parks');
		expect(page).toContain('Appendix: all questions');
		const es = await (await anonymous(`${path}?lang=es`)).text();
		expect(es).toContain('Conclusiones principales');
		expect(es).toContain('Mejor valorado: Cuidado de los parques (75% positivo).');

		// Sharing twice keeps the same link.
		await analyst.form(`/surveys/${id}/report?/share`, { share: 'on', confirm: 'yes' });
		expect(await publicPath()).toBe(path);

		expect((await analyst.form(`/surveys/${id}/report?/share`, { share: 'off' })).status).toBe(200);
		expect(await publicPath()).toBeNull();
		expect((await anonymous(path!)).status).toBe(404);

		// Sharing again makes a new link; the old one stays dead.
		await analyst.form(`/surveys/${id}/report?/share`, { share: 'on', confirm: 'yes' });
		const again = await publicPath();
		expect(again).not.toBeNull();
		expect(again).not.toBe(path);
		expect((await anonymous(path!)).status).toBe(404);
		expect((await anonymous(again!)).status).toBe(200);
	});
});

describe('the demo', () => {
	it("shares the closed 2025 community survey's report, with the plan that answers it", async () => {
		const ctx = await testContext({ DEMO: '1' });
		try {
			await seedDemo(ctx);
			const analyst = actorByEmail(ctx, 'analyst@example.gov');
			const survey = ctx.surveys.list(analyst).find((s) => s.title === 'Community survey 2025')!;
			const reports = createReportService({ database: ctx.database });
			const { token } = reports.sharing(analyst, survey.id);
			expect(token).toMatch(/^[a-z2-7]{32}$/);
			const shared = reports.publicSummary(token!, 'es')!;
			expect(shared.responses).toBe(1520);
			expect(shared.method.weighted).toBe(true);
			expect(shared.plan?.cycle).toBe('Spring community survey cycle');
			const { filename, pdf } = await reports.pdf(analyst, survey.id, 'en');
			expect(filename).toBe('community-survey-2025-summary.pdf');
			const text = pdfText(pdf);
			expect(text).toContain('1,520 responses');
			expect(text).toContain('Action plan progress');

			// Made at 10:30 pm in New York (the demo city's time zone), already the 4th in UTC: the
			// cover and every footer say the 3rd, in the reader's language.
			const late = new Date('2026-03-04T03:30:00Z');
			const es = await reports.pdf(analyst, survey.id, 'es', late);
			expect(pdfText(es.pdf)).toContain('Preparado el 3 de marzo de 2026 con CivicLoop.');
			const count = pdfPageCount(es.pdf);
			expect(pdfFooters(es.pdf)).toEqual(
				Array.from({ length: count }, (_, i) => ['Community survey 2025 · Generado el 3 de marzo de 2026', `Página ${i + 1} de ${count}`])
			);
		} finally {
			await ctx.dispose();
		}
	});
});

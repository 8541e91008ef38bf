/**
 * Field intercept mode in Chromium on a phone (persistent profile: service worker + IndexedDB):
 * opened online by field staff, reloaded offline, two responses collected (English, Spanish),
 * delivered exactly once when the connection returns, quota progress updating live on the staff
 * page; a response refused later (survey closed meanwhile) lands in "Needs attention", not lost.
 * axe (WCAG 2.1 AA) on every kiosk screen.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import { districtRepo } from '../../src/lib/server/accounts/repository';
import { newId } from '../../src/lib/server/auth/tokens';
import { PHONE, axe, describeViolations, launchBrowser, launchPersistent, uiSignIn } from '../helpers/e2e';
import { addMember, ADMIN, setupOrganization, startServer, type Client, type RunningServer } from '../helpers/server';
import { actorByEmail, liveSurvey, storedResponses, withContext } from '../helpers/surveys';

const T = (en: string, es: string) => ({ en, es });
const QUESTIONS: QuestionInput[] = [
	{
		key: 'overall',
		type: 'rating5',
		text: T('Overall quality of city services', 'Calidad general de los servicios'),
		labels: [T('Very poor', 'Muy mala'), T('Poor', 'Mala'), T('Fair', 'Regular'), T('Good', 'Buena'), T('Very good', 'Muy buena')],
		required: true
	},
	{
		key: 'fix_first',
		type: 'long_text',
		text: T('What should we fix first?', '¿Qué deberíamos mejorar primero?'),
		required: true,
		showIf: { key: 'overall', op: 'lte', value: 2 }
	},
	{ key: 'home', type: 'district', text: T('Where do you live?', '¿Dónde vive?'), options: [], required: true },
	{
		key: 'age',
		type: 'demographic',
		dimension: 'age_band',
		text: T('Your age', 'Su edad'),
		options: [
			{ code: '18-34', label: T('18 to 34', '18 a 34') },
			{ code: '35-64', label: T('35 to 64', '35 a 64') }
		]
	}
];
const FRAN = { email: 'fran@test.gov', password: 'member password 1' };

let server: RunningServer;
let admin: Client;
let browser: Browser;
let survey: { id: string };

async function accessible(page: Page, label: string) {
	const v = await axe(page);
	expect(v, `${label}:\n${describeViolations(v)}`).toEqual([]);
}

function rows(): { channel: string; language: string }[] {
	const db = new Database(join(server.dataDir, 'civicloop.db'), { readonly: true });
	try {
		return db.prepare('SELECT channel, language FROM survey_responses WHERE survey_id = ? ORDER BY id').all(survey.id) as never;
	} finally {
		db.close();
	}
}

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	await addMember(server, admin, FRAN.email, 'field', FRAN.password);
	survey = await withContext(server.dataDir, (ctx) => {
		const organizationId = actorByEmail(ctx, ADMIN.email).organizationId;
		districtRepo.insert(ctx.database.db, { id: newId(), organizationId, code: 'D1', name: 'Downtown' });
		districtRepo.insert(ctx.database.db, { id: newId(), organizationId, code: 'D2', name: 'Riverside' });
		return liveSurvey(ctx, { questions: QUESTIONS, title: 'Street survey', settings: { responseTarget: '10' } });
	});
	const put = await admin.json(`/api/v1/surveys/${survey.id}/quotas`, 'PUT', {
		quotas: [
			{ dimension: 'district', cell: 'D1', target: 2 },
			{ dimension: 'age_band', cell: '18-34', target: 5 }
		]
	});
	expect(put.status).toBe(200);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.dispose();
});

describe('field intercept mode', () => {
	let ctx: BrowserContext;
	let page: Page;
	let staff: Page;
	const counter = () => page.getByTestId('field-counter').textContent();

	it('opens online, reloads offline and collects two responses, each delivered exactly once', async () => {
		ctx = await launchPersistent(PHONE);
		page = ctx.pages()[0] ?? (await ctx.newPage());
		await uiSignIn(page, server.url, FRAN.email, FRAN.password);
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (!navigator.serviceWorker.controller)
				await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
		});
		// Staff open it from the survey page (a full page load, so the service worker keeps the page).
		await page.goto(`${server.url}/surveys/${survey.id}`);
		await Promise.all([page.waitForURL(/\/field$/), page.getByRole('link', { name: 'Open field mode' }).click()]);
		await expect.poll(counter).toContain('0 waiting to send · 0 sent');
		// Kiosk: no tab bar, no menu.
		expect(await page.getByRole('navigation').count()).toBe(0);
		await accessible(page, 'field start');

		// The staff page, watching the live feed from a desk.
		const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		staff = await desk.newPage();
		await uiSignIn(staff, server.url, ADMIN.email, ADMIN.password);
		await staff.goto(`${server.url}/surveys/${survey.id}`);
		const d1 = staff.locator('[data-quota="district.D1"]');
		await expect.poll(() => d1.textContent()).toMatch(/0 of 2/);
		expect(await staff.getByTestId('live-target').textContent()).toBe('· target 10 (0%)');

		await ctx.setOffline(true);
		await page.reload();
		await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Street survey' }).isVisible()).toBe(true);
		await expect.poll(() => page.getByRole('status').filter({ hasText: 'Offline' }).isVisible()).toBe(true);
		await expect.poll(counter).toContain('0 waiting to send');

		// First person, in English; the browser checks answers as the server will.
		await page.getByRole('button', { name: 'Start in English' }).click();
		await page.getByRole('button', { name: 'Send my answers' }).click();
		await expect.poll(() => page.locator('#field-errors').isVisible()).toBe(true);
		expect(await page.locator('#q-overall-error').textContent()).toBe('This question needs an answer.');
		await accessible(page, 'field question with errors');
		await page.getByLabel('Very good').check();
		await page.getByLabel('Downtown').check();
		await page.getByLabel('18 to 34').check();
		await page.getByRole('button', { name: 'Send my answers' }).click();
		await expect.poll(() => page.getByTestId('field-thanks').textContent()).toBe('Thank you — hand the device to the next person.');
		await expect.poll(counter).toContain('1 waiting to send · 0 sent');
		await accessible(page, 'field thanks');

		// Second person, in Spanish; nothing of the first is left on screen.
		await page.getByRole('button', { name: 'Empezar en español' }).click();
		expect(await page.getByLabel('Muy buena').isChecked()).toBe(false);
		await page.getByLabel('Regular').check();
		await page.getByLabel('Downtown').check();
		// The respondent may switch language mid-way; what they chose stays.
		await page.getByRole('button', { name: 'English', exact: true }).click();
		expect(await page.getByLabel('Fair').isChecked()).toBe(true);
		await page.getByRole('button', { name: 'Español', exact: true }).click();
		expect(await page.getByLabel('Regular').isChecked()).toBe(true);
		await accessible(page, 'field question (es)');
		await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
		await expect
			.poll(() => page.getByTestId('field-thanks').textContent())
			.toBe('Gracias — entregue el dispositivo a la siguiente persona.');
		await expect.poll(counter).toContain('2 por enviar · 0 enviadas');
		expect(storedResponses(server.dataDir, survey.id).rows).toBe(0);

		await ctx.setOffline(false);
		await expect.poll(() => storedResponses(server.dataDir, survey.id)).toEqual({ rows: 2, distinct: 2 });
		await expect.poll(counter).toContain('0 por enviar · 2 enviadas');
		expect(rows()).toEqual([
			{ channel: 'field', language: 'en' },
			{ channel: 'field', language: 'es' }
		]);
		// The staff page's quota progress follows, live.
		await expect.poll(() => d1.textContent()).toMatch(/2 of 2 · Quota met/);
		expect(await staff.locator('[data-quota="age_band.18-34"]').textContent()).toMatch(/1 of 5/);
		await expect.poll(() => staff.getByTestId('live-count').textContent()).toMatch(/^\s*2 responses/);
		expect(await staff.getByTestId('live-target').textContent()).toBe('· target 10 (20%)');
		await accessible(staff, 'survey page with quotas');
		// A reload sends nothing again.
		await page.reload();
		await expect.poll(counter).toContain('0 waiting to send · 2 sent');
		expect(storedResponses(server.dataDir, survey.id)).toEqual({ rows: 2, distinct: 2 });
		await desk.close();
	});

	it('keeps a response the server refuses in "Needs attention", then exits only after confirming', async () => {
		await ctx.setOffline(true);
		await page.getByRole('button', { name: 'Start in English' }).click();
		const followUp = page.getByLabel('What should we fix first?');
		expect(await followUp.isVisible()).toBe(false);
		await page.getByLabel('Poor', { exact: true }).check();
		// A low rating brings its follow-up at once, required like on the server.
		await expect.poll(() => followUp.isVisible()).toBe(true);
		await page.getByLabel('Riverside').check();
		await page.getByRole('button', { name: 'Send my answers' }).click();
		await expect.poll(() => page.locator('#q-fix_first-error').textContent()).toBe('This question needs an answer.');
		await page.getByLabel('What should we fix first?').fill('Street lights on Elm');
		await page.getByRole('button', { name: 'Send my answers' }).click();
		await expect.poll(counter).toContain('1 waiting to send · 2 sent');
		// Meanwhile the survey closes.
		expect((await admin.form(`/surveys/${survey.id}?/act`, { action: 'close', comment: '' })).status).toBe(200);
		await ctx.setOffline(false);
		const attention = page.getByTestId('field-attention');
		await expect.poll(() => attention.textContent()).toContain('This survey is closed');
		await expect.poll(counter).toContain('0 waiting to send · 2 sent');
		expect(storedResponses(server.dataDir, survey.id).rows).toBe(2);
		await accessible(page, 'field needs attention');

		await page.getByRole('button', { name: 'Exit field mode' }).click();
		const dialog = page.locator('dialog[open]');
		await dialog.getByRole('button', { name: 'Keep collecting' }).click();
		expect(page.url()).toMatch(/\/field$/);
		await page.getByRole('button', { name: 'Exit field mode' }).click();
		await Promise.all([
			page.waitForURL(new RegExp(`/surveys/${survey.id}$`)),
			dialog.getByRole('button', { name: 'Exit field mode' }).click()
		]);
		await ctx.close();
	});
});

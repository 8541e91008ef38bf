/**
 * Surveys in Chromium against the built app: build a small questionnaire in the editor, preview
 * it, submit for review, approve, publish; answer it on a phone in Spanish with JavaScript off
 * (a follow-up and a validation error included) and once with JavaScript on. axe (WCAG 2.1 AA)
 * on every page: zero violations.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, setupOrganization, startServer, type RunningServer } from '../helpers/server';
import { PHONE, axe, describeViolations, launchBrowser, uiSignIn } from '../helpers/e2e';

let server: RunningServer;
let browser: Browser;
let surveyPath = '';
let publicPath = '';

async function expectAccessible(page: Page, label: string) {
	const v = await axe(page);
	expect(v, `${label}:\n${describeViolations(v)}`).toEqual([]);
}

/**
 * axe needs JavaScript in the page, so a page rendered with JavaScript off is checked as served:
 * the same HTML at the same URL in a JS-enabled page, with the page's own script blocked.
 */
async function expectAccessibleAsServed(page: Page, label: string) {
	const html = await page.content();
	const url = page.url();
	const ctx = await browser.newContext(PHONE);
	const copy = await ctx.newPage();
	await copy.route('**/survey.js', (r) => r.abort());
	await copy.route(url, (r) => r.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
	await copy.goto(url);
	await expectAccessible(copy, label);
	await ctx.close();
}

async function addQuestion(
	page: Page,
	section: string,
	fields: Record<string, string>,
	opts: { required?: boolean; dontKnow?: boolean } = {}
) {
	await page.goto(`${server.url}${surveyPath}/edit?new=${section}#editor`);
	for (const [name, value] of Object.entries(fields)) {
		const el = page.locator(`#editor [name="${name}"]`);
		if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
		else await el.fill(value);
	}
	if (opts.required) await page.locator('#editor [name="required"]').check();
	if (opts.dontKnow) await page.locator('#editor [name="dontKnow"]').check();
	await Promise.all([page.waitForURL(/\/edit#q-/), page.getByRole('button', { name: 'Save question' }).click()]);
}

async function confirmAction(page: Page, label: string, comment?: string) {
	if (comment) await page.getByLabel('Approval comment').fill(comment);
	await page.getByRole('button', { name: label, exact: true }).first().click();
	await Promise.all([
		page.waitForLoadState('load'),
		page.locator('dialog[open]').getByRole('button', { name: label, exact: true }).click()
	]);
	await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/The survey is now/);
}

beforeAll(async () => {
	server = await startServer();
	await setupOrganization(server);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.dispose();
});

describe('surveys', () => {
	it('builds, previews, approves and publishes a questionnaire', async () => {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		const page = await ctx.newPage();
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		await page.goto(`${server.url}/surveys`);
		await expectAccessible(page, 'surveys (empty)');
		await page.getByLabel('Kind').selectOption('community');
		await page.getByLabel('Title').fill('Parks survey');
		await page.getByLabel('Start from').selectOption('blank');
		await Promise.all([page.waitForURL(/\/surveys\/[^/]+\/edit$/), page.getByRole('button', { name: 'New survey' }).click()]);
		surveyPath = new URL(page.url()).pathname.replace(/\/edit$/, '');
		await expectAccessible(page, 'editor');

		await addQuestion(
			page,
			'core',
			{
				key: 'overall',
				type: 'rating5',
				text_en: 'How satisfied are you with our parks?',
				text_es: '¿Qué tan satisfecho está con nuestros parques?'
			},
			{ required: true, dontKnow: true }
		);
		await addQuestion(page, 'core', {
			key: 'visits',
			type: 'single',
			text_en: 'How often do you visit a park?',
			text_es: '¿Con qué frecuencia visita un parque?',
			options: 'often | Often | A menudo\nrarely | Rarely | Casi nunca'
		});
		await addQuestion(page, 'core', {
			key: 'why_rarely',
			type: 'short_text',
			text_en: 'What keeps you away?',
			text_es: '¿Qué se lo impide?',
			cond_key: 'visits',
			cond_op: 'eq',
			cond_value: 'rarely'
		});
		await page.goto(`${server.url}${surveyPath}/edit`);
		await page.locator('form:has(input[value="addSection"]) input[name="id"]').fill('more');
		await page.locator('form:has(input[value="addSection"]) select[name="kind"]').selectOption('followup');
		await page.locator('form:has(input[value="addSection"]) input[name="title_en"]').fill('Tell us more');
		await page.locator('form:has(input[value="addSection"]) input[name="title_es"]').fill('Cuéntenos más');
		await page.getByRole('button', { name: 'Add section' }).click();
		await expect.poll(() => page.getByRole('heading', { name: /Tell us more/ }).isVisible()).toBe(true);
		await addQuestion(
			page,
			'more',
			{
				key: 'fix_first',
				type: 'long_text',
				text_en: 'What should we fix first?',
				text_es: '¿Qué deberíamos mejorar primero?',
				cond_key: 'overall',
				cond_op: 'lte',
				cond_value: '2'
			},
			{ required: true }
		);
		await expectAccessible(page, 'editor with questions');
		expect(await page.locator('ol.questions > li').count()).toBe(4);

		await page.goto(`${server.url}${surveyPath}/preview?lang=es`);
		await expect.poll(() => page.getByText('¿Qué tan satisfecho está con nuestros parques?').isVisible()).toBe(true);
		await expectAccessible(page, 'preview');

		await page.goto(`${server.url}${surveyPath}`);
		await expectAccessible(page, 'survey (draft)');
		await confirmAction(page, 'Submit for review');
		await confirmAction(page, 'Approve', 'Looks right for this cycle.');
		await expectAccessible(page, 'survey (approved)');
		await confirmAction(page, 'Publish');
		await expect.poll(() => page.getByRole('heading', { name: 'Status: live' }).isVisible()).toBe(true);
		publicPath = (await page.getByTestId('public-link').getAttribute('href'))!;
		expect(publicPath).toMatch(/^\/s\/parks-survey-/);
		await expectAccessible(page, 'survey (live)');
		await ctx.close();
	});

	it('is answered on a phone in Spanish with JavaScript off: error, follow-up, thanks', async () => {
		const ctx = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
		const page = await ctx.newPage();
		await page.goto(`${server.url}${publicPath}?lang=es`);
		await expect.poll(() => page.getByText('Sección 1 de 1').isVisible()).toBe(true);
		await expectAccessibleAsServed(page, 'resident page 1');
		// JavaScript off: the same-page follow-up is on the page from the start.
		expect(await page.getByLabel('¿Qué se lo impide?').isVisible()).toBe(true);
		await page.getByLabel('A menudo').check();
		await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
		await expect.poll(() => page.locator('#error-summary').isVisible()).toBe(true);
		expect(await page.locator('#q-overall-error').textContent()).toBe('Esta pregunta necesita una respuesta.');
		expect(await page.locator('#q-overall').getAttribute('aria-describedby')).toContain('q-overall-error');
		expect(await page.getByLabel('A menudo').isChecked()).toBe(true); // kept
		expect(await page.title()).toMatch(/^Error:/);
		await expectAccessibleAsServed(page, 'resident page with errors');

		await page.getByLabel('Muy insatisfecho').check();
		await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
		// A low rating brings the follow-up section.
		await expect.poll(() => page.getByText('Sección 2 de 2').isVisible()).toBe(true);
		await expectAccessibleAsServed(page, 'resident follow-up page');
		await page.getByLabel('¿Qué deberíamos mejorar primero?').fill('Más sombra en el parque');
		await Promise.all([page.waitForURL(/\/thanks/), page.getByRole('button', { name: 'Enviar mis respuestas' }).click()]);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('¡Gracias!');
		await expectAccessibleAsServed(page, 'thanks');
		await ctx.close();
	});

	it('is answered once with JavaScript on: follow-ups appear live', async () => {
		const ctx = await browser.newContext(PHONE);
		const page = await ctx.newPage();
		const scripts: string[] = [];
		page.on('request', (r) => void (r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname)));
		await page.goto(`${server.url}${publicPath}?lang=en`);
		// The resident page ships only its own small script (budget: 30 KiB gzip for all JS).
		expect(scripts).toEqual(['/survey.js']);
		await expect.poll(() => page.getByLabel('What keeps you away?').isVisible()).toBe(false);
		await page.getByLabel('Rarely').check();
		await expect.poll(() => page.getByLabel('What keeps you away?').isVisible()).toBe(true);
		await page.getByLabel('What keeps you away?').fill('Too far');
		await page.getByLabel('Very satisfied').check();
		const saved = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('civicloop.survey.')).length);
		expect(saved).toBe(1);
		await expectAccessible(page, 'resident page (JS)');
		await Promise.all([page.waitForURL(/\/thanks/), page.getByRole('button', { name: 'Send my answers' }).click()]);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you!');
		expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('civicloop.survey.')).length)).toBe(0);
		await ctx.close();

		const staff = await browser.newContext();
		const sp = await staff.newPage();
		await uiSignIn(sp, server.url, ADMIN.email, ADMIN.password);
		await sp.goto(`${server.url}${surveyPath}`);
		expect(await sp.getByTestId('response-count').textContent()).toMatch(/^\s*2\b/);
		await sp.goto(`${server.url}/surveys`);
		await expectAccessible(sp, 'surveys (list)');
		await sp.goto(`${server.url}${surveyPath}/import`);
		await expectAccessible(sp, 'import');
		await staff.close();
	});
});

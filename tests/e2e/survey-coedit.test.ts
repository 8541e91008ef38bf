/**
 * The co-edited questionnaire in Chromium against the built app and the real sync server: two
 * people open the editor, see each other and what each is editing; one goes offline and changes
 * the title while the other rewrites a question; back online both converge, nothing stays
 * unsaved, and the preview shows both changes. axe (WCAG 2.1 AA) on the editor. No sleeps: every
 * wait polls the DOM.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, addMember, setupOrganization, startServer, type RunningServer } from '../helpers/server';
import { axe, describeViolations, launchBrowser, uiSignIn } from '../helpers/e2e';

const WAIT = { timeout: 20_000, interval: 100 };
const AL = { email: 'al@test.gov', password: 'member password 1', name: 'al' };

let server: RunningServer;
let browser: Browser;
let ctxA: BrowserContext;
let ctxB: BrowserContext;
let a: Page;
let b: Page;
let editUrl = '';

const status = (page: Page) =>
	page
		.getByTestId('sync-status')
		.evaluate((el) => ({ status: el.getAttribute('data-status'), unsynced: Number(el.getAttribute('data-unsynced')) }));
const firstQuestionText = (page: Page) => page.locator('ol.questions > li').first().locator('.qhead strong').textContent();
const titleValue = (page: Page) => page.locator('input[name="title_en"]').first().inputValue();

async function openEditor(page: Page) {
	await page.goto(editUrl);
	await expect.poll(() => status(page), WAIT).toEqual({ status: 'synced', unsynced: 0 });
}

beforeAll(async () => {
	server = await startServer();
	const admin = await setupOrganization(server);
	await addMember(server, admin, AL.email, 'analyst', AL.password);
	browser = await launchBrowser();
	ctxA = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	ctxB = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	a = await ctxA.newPage();
	b = await ctxB.newPage();
	await uiSignIn(a, server.url, ADMIN.email, ADMIN.password);
	await uiSignIn(b, server.url, AL.email, AL.password);
});
afterAll(async () => {
	await browser?.close();
	await server?.dispose();
});

describe('co-edited questionnaire', () => {
	it('two people edit at once, one offline, and converge; the preview shows both changes', async () => {
		await a.goto(`${server.url}/surveys`);
		await a.getByLabel('Kind').selectOption('community');
		await a.getByLabel('Title').fill('Services survey');
		await a.getByLabel('Start from').selectOption('library');
		await Promise.all([a.waitForURL(/\/surveys\/[^/]+\/edit$/), a.getByRole('button', { name: 'New survey' }).click()]);
		editUrl = a.url();
		await Promise.all([openEditor(a), openEditor(b)]);
		await expect.poll(() => a.getByTestId('presence').textContent(), WAIT).toContain(AL.name);
		await expect.poll(() => b.getByTestId('presence').textContent(), WAIT).toContain(ADMIN.name);
		const original = (await firstQuestionText(a))!;

		// B opens the first question: A sees who is editing which question.
		await b
			.locator('ol.questions > li')
			.first()
			.getByRole('link', { name: /^Edit / })
			.click();
		await expect.poll(() => b.locator('#editor [name="text_en"]').inputValue(), WAIT).toBe(original);
		await expect.poll(() => a.getByTestId('questionnaire-editing').textContent(), WAIT).toContain(`${AL.name} is editing “${original}”`);
		await expectAccessible(a, 'editor with a colleague editing');

		// A goes offline and renames the survey; B rewrites the question meanwhile.
		await ctxA.setOffline(true);
		await expect.poll(() => status(a), WAIT).toMatchObject({ status: 'offline' });
		await a.locator('input[name="title_en"]').first().fill('Services and streets survey');
		await a.getByRole('button', { name: 'Save title' }).click();
		await expect.poll(() => status(a), WAIT).toMatchObject({ status: 'offline', unsynced: expect.any(Number) });
		expect((await status(a)).unsynced).toBeGreaterThan(0);

		await b.locator('#editor [name="text_en"]').fill('How satisfied are you with city services overall?');
		await b.getByRole('button', { name: 'Save question' }).click();
		await expect.poll(() => firstQuestionText(b), WAIT).toBe('How satisfied are you with city services overall?');
		await expect.poll(() => status(b), WAIT).toEqual({ status: 'synced', unsynced: 0 });
		// A, offline, does not have it yet.
		expect(await firstQuestionText(a)).toBe(original);

		await ctxA.setOffline(false);
		for (const page of [a, b]) {
			await expect.poll(() => firstQuestionText(page), WAIT).toBe('How satisfied are you with city services overall?');
			await expect.poll(() => titleValue(page), WAIT).toBe('Services and streets survey');
			await expect.poll(() => status(page), WAIT).toEqual({ status: 'synced', unsynced: 0 });
		}
		await expectAccessible(b, 'editor after merging');

		await b.goto(editUrl.replace(/\/edit$/, '/preview'));
		await expect.poll(() => b.getByRole('heading', { name: 'Services and streets survey' }).count(), WAIT).toBeGreaterThan(0);
		expect(await b.getByText('How satisfied are you with city services overall?').count()).toBeGreaterThan(0);
	});

	it('approving freezes version 1; a new version edited live shows its differences on the survey page', async () => {
		const surveyUrl = editUrl.replace(/\/edit$/, '');
		await a.goto(surveyUrl);
		await confirmAction(a, 'Submit for review');
		await confirmAction(a, 'Approve', 'First version.');
		await confirmAction(a, 'Start a new version');

		await openEditor(b);
		await b
			.locator('ol.questions > li')
			.first()
			.getByRole('link', { name: /^Edit / })
			.click();
		await b.locator('#editor [name="text_en"]').fill('How satisfied are you with services in your neighborhood?');
		await b.getByRole('button', { name: 'Save question' }).click();
		await expect.poll(() => firstQuestionText(b), WAIT).toBe('How satisfied are you with services in your neighborhood?');
		await expect.poll(() => status(b), WAIT).toEqual({ status: 'synced', unsynced: 0 });

		await a.goto(surveyUrl);
		await confirmAction(a, 'Submit for review');
		await confirmAction(a, 'Approve', 'Second version.');
		const diff = a.getByTestId('version-diff');
		await expect.poll(() => diff.textContent(), WAIT).toContain('Changes from version 1 to 2');
		expect(await diff.textContent()).toContain(
			'text (en): “How satisfied are you with city services overall?” → “How satisfied are you with services in your neighborhood?”'
		);
		await expectAccessible(a, 'survey page with the version diff');
	});

	it('without JavaScript the forms still edit the same draft, and open editors see the change live', async () => {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
		const page = await ctx.newPage();
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		await page.goto(`${server.url}/surveys`);
		await page.getByLabel('Kind').selectOption('community');
		await page.getByLabel('Title', { exact: true }).fill('Library survey');
		await page.getByLabel('Título (Spanish, optional)').fill('Encuesta de bibliotecas');
		await page.getByLabel('Start from').selectOption('blank');
		await Promise.all([page.waitForURL(/\/surveys\/[^/]+\/edit$/), page.getByRole('button', { name: 'New survey' }).click()]);
		const url = page.url();
		expect(await page.locator('input[name="title_es"]').first().inputValue()).toBe('Encuesta de bibliotecas');

		editUrl = url;
		await openEditor(b);
		await page.locator('input[name="title_en"]').first().fill('Library and reading survey');
		await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save title' }).click()]);
		await expect.poll(() => titleValue(page), WAIT).toBe('Library and reading survey');
		await expect.poll(() => titleValue(b), WAIT).toBe('Library and reading survey');
		await ctx.close();

		// The staff list shows each survey's title in the reader's language, the other one beneath.
		await a.goto(`${server.url}/surveys`);
		const row = a.locator('tr', { hasText: 'Library and reading survey' });
		expect(await row.locator('[lang="es"]').textContent()).toBe('Encuesta de bibliotecas');
		await expectAccessible(a, 'survey list with Spanish titles');
	});
});

async function confirmAction(page: Page, label: string, comment?: string) {
	if (comment) await page.getByLabel('Approval comment').fill(comment);
	await page.getByRole('button', { name: label, exact: true }).first().click();
	await Promise.all([
		page.waitForLoadState('load'),
		page.locator('dialog[open]').getByRole('button', { name: label, exact: true }).click()
	]);
	await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toMatch(/The survey is now/);
}

async function expectAccessible(page: Page, label: string) {
	const v = await axe(page);
	expect(v, `${label}:\n${describeViolations(v)}`).toEqual([]);
}

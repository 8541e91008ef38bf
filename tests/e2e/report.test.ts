/**
 * The summary report in Chromium against the built app: the staff Report page (axe clean, PDF
 * download whose text is checked), sharing switched on there, then the public link opened in a
 * fresh context with JavaScript disabled (no session), axe clean as served, in Spanish with
 * ?lang=es; switched off again, the link is a 404.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import { ADMIN, setupOrganization, startServer, type RunningServer } from '../helpers/server';
import { axe, describeViolations, launchBrowser, PHONE, uiSignIn } from '../helpers/e2e';
import { pdfText } from '../helpers/pdf-text';
import { liveSurvey, response, withContext } from '../helpers/surveys';

const QUESTIONS: QuestionInput[] = [
	{
		key: 'parks',
		type: 'rating5',
		text: { en: 'Upkeep of parks', es: 'Cuidado de los parques' },
		labels: [1, 2, 3, 4, 5].map((i) => ({ en: String(i), es: String(i) })),
		focusArea: 'Parks'
	},
	{
		key: 'streets',
		type: 'rating5',
		text: { en: 'Condition of streets', es: 'Estado de las calles' },
		labels: [1, 2, 3, 4, 5].map((i) => ({ en: String(i), es: String(i) })),
		focusArea: 'Streets'
	}
];

let server: RunningServer;
let browser: Browser;
let id = '';

async function expectAccessible(page: Page, label: string) {
	const v = await axe(page);
	expect(v, `${label}:\n${describeViolations(v)}`).toEqual([]);
}

/** axe needs JavaScript: check the HTML exactly as served to the no-JS page in a JS-enabled copy. */
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

beforeAll(async () => {
	server = await startServer();
	await setupOrganization(server);
	id = await withContext(
		server.dataDir,
		(ctx) => liveSurvey(ctx, { title: 'Parks survey', questions: QUESTIONS, settings: { ipLimitPerMinute: '100000' } }).id
	);
	for (let i = 0; i < 40; i++) {
		// Parks: 30 of 40 positive (75%); streets: 10 of 40 (25%).
		const body = response({ parks: i % 4 === 0 ? 2 : 5, streets: i % 4 === 0 ? 4 : 1 });
		const res = await fetch(`${server.url}/api/v1/surveys/${id}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		if (res.status !== 201) throw new Error(`feed: ${res.status}`);
	}
	browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
	await browser?.close();
	await server?.dispose();
});

describe('summary report', () => {
	it('is shared from the staff Report page and read at the public link without JavaScript, in English and Spanish', async () => {
		const staff = await browser.newContext({ acceptDownloads: true });
		const page = await staff.newPage();
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		await page.goto(`${server.url}/surveys/${id}`);
		await page.getByRole('link', { name: 'Summary report' }).click();
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Summary report: Parks survey');
		await expectAccessible(page, 'staff report page');

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Download PDF', exact: true }).click()
		]);
		expect(download.suggestedFilename()).toBe('parks-survey-summary.pdf');
		const lines = pdfText(readFileSync((await download.path())!));
		expect(lines).toContain('Summary report: Parks survey');
		expect(lines).toContain('Upkeep of parks: 75%');
		expect(lines).toContain('Appendix: all questions');

		// Switch sharing on: the box must be ticked first.
		await page.getByLabel('I understand that anyone with the link can read the summary report.').check();
		await page.getByRole('button', { name: 'Share the summary report' }).click();
		await expect.poll(() => page.getByRole('textbox', { name: 'Public link' }).isVisible()).toBe(true);
		const link = await page.getByRole('textbox', { name: 'Public link' }).inputValue();
		expect(link).toMatch(/\/r\/[a-z2-7]{32}$/);
		await expectAccessible(page, 'staff report page, shared');

		// A resident: no session, no JavaScript.
		const resident = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
		const pub = await resident.newPage();
		const res = await pub.goto(link);
		expect(res?.status()).toBe(200);
		expect(await pub.getByRole('heading', { level: 1 }).textContent()).toBe('Summary report: Parks survey');
		expect(await pub.getByText('Highest rated: Upkeep of parks (75% positive).').isVisible()).toBe(true);
		expect(await pub.locator('table th[scope=row]', { hasText: 'Condition of streets' }).isVisible()).toBe(true);
		await expectAccessibleAsServed(pub, 'public report (en)');

		await pub.getByRole('link', { name: 'Español' }).click();
		await expect.poll(() => pub.url()).toContain('lang=es');
		expect(await pub.getByRole('heading', { level: 1 }).textContent()).toBe('Informe resumido: Parks survey');
		expect(await pub.getByRole('heading', { name: 'Conclusiones principales' }).isVisible()).toBe(true);
		expect(await pub.getByText('Mejor valorado: Cuidado de los parques (75% positivo).').isVisible()).toBe(true);
		expect(await pub.locator('html').getAttribute('lang')).toBe('es');
		await expectAccessibleAsServed(pub, 'public report (es)');

		// Stop sharing (confirmed in the dialog): the public link is gone.
		await page.getByRole('button', { name: 'Stop sharing' }).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Stop sharing' }).click();
		await expect.poll(() => page.getByText('Sharing is off', { exact: true }).isVisible()).toBe(true);
		expect((await pub.goto(link))?.status()).toBe(404);

		await resident.close();
		await staff.close();
	});
});

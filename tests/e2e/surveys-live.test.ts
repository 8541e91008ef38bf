/**
 * The staff live feed in Chromium (phone viewport): responses arriving through the intake API
 * show up without a reload — count, counts by channel, the open-text stream (newest first, as
 * text, with a sentiment marker), an emerging term — and the filter narrows the stream. axe clean.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import { districtRepo } from '../../src/lib/server/accounts/repository';
import { newId } from '../../src/lib/server/auth/tokens';
import { PHONE, axe, describeViolations, launchBrowser, uiSignIn } from '../helpers/e2e';
import { ADMIN, setupOrganization, startServer, type RunningServer } from '../helpers/server';
import { actorByEmail, liveSurvey, response, withContext } from '../helpers/surveys';

const L = (en: string) => ({ en, es: `${en} (es)` });
const QUESTIONS: QuestionInput[] = [
	{ key: 'overall', type: 'rating5', text: L('Overall'), labels: [L('1'), L('2'), L('3'), L('4'), L('5')], required: true },
	{ key: 'home', type: 'district', text: L('Where do you live?'), options: [] },
	{ key: 'comment', type: 'long_text', text: L('What should we fix first?') }
];
const MARKUP = '<b>Bold</b> claims & <img src=x> tags';

let server: RunningServer;
let browser: Browser;
let survey: { id: string };

async function post(comment: string, home = 'D1'): Promise<void> {
	const res = await fetch(`${server.url}/api/v1/surveys/${survey.id}/responses`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(response({ overall: 3, home, comment }))
	});
	expect(res.status).toBe(201);
}

async function accessible(page: Page, label: string) {
	const v = await axe(page);
	expect(v, `${label}:\n${describeViolations(v)}`).toEqual([]);
}

beforeAll(async () => {
	server = await startServer();
	await setupOrganization(server);
	survey = await withContext(server.dataDir, (ctx) => {
		const organizationId = actorByEmail(ctx, ADMIN.email).organizationId;
		districtRepo.insert(ctx.database.db, { id: newId(), organizationId, code: 'D1', name: 'Downtown' });
		districtRepo.insert(ctx.database.db, { id: newId(), organizationId, code: 'D2', name: 'Riverside' });
		return liveSurvey(ctx, {
			questions: QUESTIONS,
			title: 'Live survey',
			settings: { ipLimitPerMinute: '1000000', surveyLimitPerMinute: '10000000', responseTarget: '100' }
		});
	});
	// 24 earlier answers (buses, trees, a clean park), then one written as markup.
	for (let i = 0; i < 24; i++)
		await post(['Buses are late', 'More trees in the park', 'The park is clean and safe'][i % 3]!, i % 2 ? 'D2' : 'D1');
	await post(MARKUP);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.dispose();
});

describe('staff live feed', () => {
	it('updates as responses arrive, flags an emerging term, and filters the open-text stream', async () => {
		const ctx = await browser.newContext(PHONE);
		const page = await ctx.newPage();
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		await page.goto(`${server.url}/surveys/${survey.id}`);
		const count = page.getByTestId('live-count');
		const texts = page.getByTestId('live-texts').getByRole('listitem');
		await expect.poll(() => count.textContent()).toMatch(/^\s*25 responses/);
		await expect.poll(() => page.getByTestId('live-by-channel').textContent()).toMatch(/web\s*25 \(100%\)/);
		await expect.poll(() => page.getByTestId('live-by-district').innerText()).toMatch(/Downtown\s+13 \(52%\)\s+Riverside\s+12 \(48%\)/);
		// Markup in an answer is shown as the characters typed, never as elements.
		await expect.poll(() => texts.first().locator('q').textContent()).toBe(MARKUP);
		expect(await page.getByTestId('live-texts').locator('b, img').count()).toBe(0);
		expect(await page.getByTestId('live-emerging-none').isVisible()).toBe(true);
		await accessible(page, 'live feed');

		// Three answers about flooding arrive: newest first, marked negative, flagged as emerging.
		for (const t of ['Flooding on Elm street', 'The flooding is not good', 'More flooding today']) await post(t, 'D2');
		await expect.poll(() => count.textContent()).toMatch(/^\s*28 responses/);
		await expect.poll(() => texts.first().innerText()).toContain('More flooding today');
		expect(await texts.nth(1).innerText()).toMatch(/The flooding is not good\s+▼ Negative$/);
		expect(await texts.first().innerText()).toContain('What should we fix first?');
		expect(await texts.first().innerText()).toContain('Riverside');
		await expect
			.poll(() => page.getByTestId('live-emerging').innerText())
			.toMatch(/Emerging: ‘flooding’ — 3 of 6 recent answers \(50%\) vs\s+0% before \(0 of 22\)/);
		await accessible(page, 'live feed with an emerging term');

		// The filter narrows the stream at once, then the server filters too (?q=).
		await page.getByLabel('Filter answers').fill('Trees');
		await expect.poll(() => texts.count()).toBe(8);
		for (const t of await texts.allInnerTexts()) expect(t).toContain('More trees in the park');
		await expect
			.poll(() => page.getByTestId('live-text-count').textContent())
			.toMatch(/Showing 8 of the 8 newest open-text answers containing “Trees”/);
		await page.getByLabel('Filter answers').fill('');
		await page.getByLabel('Sentiment').selectOption('positive');
		await expect.poll(() => texts.count()).toBe(8);
		for (const t of await texts.allInnerTexts()) expect(t).toMatch(/The park is clean and safe\s+▲ Positive$/);
		await page.getByLabel('Sentiment').selectOption('negative');
		await expect.poll(() => texts.count()).toBe(11);
		await accessible(page, 'live feed filtered');

		// Still live while filtered: a new negative answer shows up.
		await post('Buses are late again');
		await expect.poll(() => texts.first().innerText()).toContain('Buses are late again');
		await expect.poll(() => count.textContent()).toMatch(/^\s*29 responses/);
		await ctx.close();
	});
});

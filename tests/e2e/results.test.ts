/**
 * The results dashboard in Chromium against the built app: a survey with responses, margins set
 * through the form, axe (WCAG 2.1 AA) with zero violations, and a bad margin named on the page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import { ADMIN, setupOrganization, startServer, type RunningServer } from '../helpers/server';
import { axe, describeViolations, launchBrowser, uiSignIn } from '../helpers/e2e';
import { liveSurvey, response, withContext } from '../helpers/surveys';

const L = (en: string) => ({ en, es: en });
const QUESTIONS: QuestionInput[] = [
	{ key: 'overall', type: 'rating5', text: L('Overall quality'), labels: [1, 2, 3, 4, 5].map((i) => L(String(i))), focusArea: 'Services' },
	{ key: 'recommend', type: 'nps', text: L('Recommend the city'), lowLabel: L('No'), highLabel: L('Yes') },
	{
		key: 'age',
		type: 'demographic',
		dimension: 'age_band',
		text: L('Age'),
		options: [
			{ code: 'young', label: L('Under 40') },
			{ code: 'old', label: L('40 or older') }
		]
	}
];

let server: RunningServer;
let browser: Browser;
let id = '';

beforeAll(async () => {
	server = await startServer();
	await setupOrganization(server);
	id = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { questions: QUESTIONS, settings: { ipLimitPerMinute: '100000' } }).id);
	for (let i = 0; i < 40; i++) {
		const body = response({ overall: (i % 5) + 1, recommend: i % 11, age: i % 3 ? 'young' : 'old' });
		await fetch(`${server.url}/api/v1/surveys/${id}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
	}
	browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
	await browser?.close();
	await server?.dispose();
});

/** A new page, signed in as the admin, on the survey's results dashboard (reached by its link). */
async function openDashboard() {
	const page = await browser.newPage();
	await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
	await page.goto(`${server.url}/surveys/${id}`);
	await page.getByRole('link', { name: 'Results dashboard' }).click();
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Results');
	return page;
}

describe('results dashboard', () => {
	it('is accessible, and the margins form weights the results or names the bad dimension', async () => {
		const page = await openDashboard();
		let v = await axe(page);
		expect(v, describeViolations(v)).toEqual([]);

		await page.getByLabel('Under 40').fill('50');
		await page.getByLabel('40 or older').fill('40');
		await page.getByRole('button', { name: 'Save margins' }).click();
		await expect.poll(() => page.getByText('"age_band" shares sum to 0.9, expected 1.').first().isVisible()).toBe(true);

		await page.getByLabel('40 or older').fill('50');
		await page.getByRole('button', { name: 'Save margins' }).click();
		await expect.poll(() => page.getByText('Effective sample size').isVisible()).toBe(true);
		v = await axe(page);
		expect(v, describeViolations(v)).toEqual([]);
		await page.close();
	});

	it('keeps a correction typed while the page that came back is still loading its code (a slow phone)', async () => {
		const page = await openDashboard();
		await page.getByLabel('Under 40').fill('50');
		await page.getByLabel('40 or older').fill('40');
		// the page the form answers with gets its code only when the test lets it (its styles at once:
		// a script waits for the styles before it, and the page would not even be read that far)
		let release!: () => void;
		const held = new Promise<void>((ok) => (release = ok));
		const code = (url: URL) => url.pathname.startsWith('/_app/') && url.pathname.endsWith('.js');
		await page.route(code, async (route) => {
			await held;
			await route.continue();
		});
		await page.getByRole('button', { name: 'Save margins' }).click();
		await expect.poll(() => page.getByText('"age_band" shares sum to 0.9, expected 1.').first().isVisible()).toBe(true);
		await page.getByLabel('40 or older').fill('50'); // the correction, before the app has taken over
		release();
		// taken over: hydration set the field back to the 40 the server rendered, and it was put back
		await expect.poll(() => page.evaluate(() => '__civicloopTyped' in window)).toBe(false);
		expect(await page.getByLabel('40 or older').inputValue()).toBe('50');
		await page.unroute(code);
		await page.getByRole('button', { name: 'Save margins' }).click();
		await expect.poll(() => page.getByText('Effective sample size').isVisible()).toBe(true);
		await page.close();
	});
});

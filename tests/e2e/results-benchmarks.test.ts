/**
 * The results dashboard in Chromium, at desk and phone widths: a benchmark CSV uploaded through the
 * form (a bad file first: its line named, nothing imported), a target set, the benchmark flag in
 * words on the question row and in the deviations list, a breakdown with a suppressed cell, themes
 * of open-text answers, the "Add to plan" link, and axe (WCAG 2.1 AA) clean.
 */
import type { Browser, Page } from 'playwright-core';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import { ADMIN, setupOrganization, startServer, tempDataDir, type RunningServer } from '../helpers/server';
import { axe, describeViolations, launchBrowser, PHONE, uiSignIn } from '../helpers/e2e';
import { liveSurvey, response, withContext } from '../helpers/surveys';

const L = (en: string) => ({ en, es: en });
const scale = [1, 2, 3, 4, 5].map((i) => L(String(i)));
const QUESTIONS: QuestionInput[] = [
	{ key: 'overall', type: 'rating5', text: L('Overall quality'), labels: scale, focusArea: 'Services' },
	{ key: 'streets', type: 'rating5', text: L('Street condition'), labels: scale, focusArea: 'Streets' },
	{ key: 'fix', type: 'long_text', text: L('What should we fix first?') },
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
const FIX = ['Fix the potholes', 'Potholes on my street', 'Arreglar los baches', 'Baches en la calle', 'Faster buses'];

let server: RunningServer;
let browser: Browser;
let id = '';
const files = tempDataDir('civicloop-csv-');

beforeAll(async () => {
	server = await startServer();
	await setupOrganization(server);
	id = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { questions: QUESTIONS, settings: { ipLimitPerMinute: '100000' } }).id);
	// 100 responses: overall positive 60%, streets positive 20%; 90 under 40, 10 older (suppressed).
	for (let i = 0; i < 100; i++) {
		const body = response({
			overall: i % 5 < 3 ? 5 : 2,
			streets: i % 5 === 0 ? 4 : 2,
			age: i % 10 === 0 ? 'old' : 'young',
			fix: FIX[i % 5]!
		});
		await fetch(`${server.url}/api/v1/surveys/${id}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
	}
	writeFileSync(join(files, 'bad.csv'), 'question_key,value,n\noverall,55,900\nparks,50,\n');
	writeFileSync(join(files, 'peers.csv'), 'question_key,value,n\noverall,55,900\nstreets,45,900\n');
	browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
	await browser?.close();
	await server?.dispose();
	rmSync(files, { recursive: true, force: true });
});

async function clean(page: Page) {
	const v = await axe(page);
	expect(v, describeViolations(v)).toEqual([]);
}

describe('results dashboard with benchmarks', () => {
	it('imports benchmarks and a target, shows flags, breakdown suppression and themes; axe clean at desk width', async () => {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		await page.goto(`${server.url}/surveys/${id}/results`);
		await clean(page);

		await page.getByLabel('Source name').fill('Peer cities 2025');
		await page.getByLabel('CSV file').setInputFiles(join(files, 'bad.csv'));
		await page.getByRole('button', { name: 'Import benchmarks' }).click();
		await expect
			.poll(() => page.locator('#import-errors').textContent())
			.toContain('Line 3: question_key "parks" is not a rating or 0–10 question of this survey');
		await expect.poll(() => page.getByText('No benchmark values imported yet.').isVisible()).toBe(true);

		await page.getByLabel('Source name').fill('Peer cities 2025');
		await page.getByLabel('CSV file').setInputFiles(join(files, 'peers.csv'));
		await page.getByRole('button', { name: 'Import benchmarks' }).click();
		await expect.poll(() => page.getByText('Peer cities 2025: 2 values').isVisible()).toBe(true);

		await page.getByLabel('Question', { exact: true }).selectOption('overall');
		await page.getByLabel('Target (% positive, blank to clear)').fill('80');
		await page.getByRole('button', { name: 'Save target' }).click();
		await expect.poll(() => page.getByText('Target saved.').isVisible()).toBe(true);

		// The flag and its reason in words, on the row and in the deviations list.
		const row = page.locator('tr[data-question="overall"]');
		await expect
			.poll(() => row.textContent())
			.toContain('Much lower than the target: 60% vs 80%, difference larger than the margin of error');
		const deviations = page.locator('section[aria-labelledby="dev-h"]');
		await expect.poll(() => deviations.textContent()).toContain('Street condition: Much lower than Peer cities 2025: 20% vs 45%');
		await expect
			.poll(() => row.getByRole('link', { name: /Add to plan/ }).getAttribute('href'))
			.toBe(`/surveys/${id}/results/plan?q=overall`);

		// Breakdown: the small group is suppressed and said so.
		const breakdown = page.locator('section[aria-labelledby="breakdown-h"]');
		await expect.poll(() => breakdown.textContent()).toContain('Suppressed (n = 10, under 30)');
		expect(await breakdown.locator('figure svg').count()).toBeGreaterThan(0);
		// Themes with counts and quotes, as text.
		const themes = page.locator('section[aria-labelledby="themes-h"]');
		await expect.poll(() => themes.textContent()).toContain('baches, arreglar: 40 answers');
		expect(await themes.getByText('Baches en la calle').count()).toBe(1);
		// The per-question chart is drawn and described in text.
		expect(await page.locator('section[aria-labelledby="chart-h"] figure svg').count()).toBeGreaterThan(0);
		await clean(page);
		await page.close();
	});

	it('reads as cards on a phone, with the same flags, and axe clean', async () => {
		const context = await browser.newContext(PHONE);
		const page = await context.newPage();
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		await page.goto(`${server.url}/surveys/${id}/results?by=age_band`);
		const row = page.locator('tr[data-question="streets"]');
		await expect.poll(() => row.textContent()).toContain('Much lower than Peer cities 2025');
		expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe('block');
		// No sideways scrolling of the page itself.
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
		await clean(page);
		await context.close();
	});
});

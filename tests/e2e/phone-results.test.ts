/**
 * The phone results view and the experience dashboard in Chromium at the phone viewport, against
 * the built app: reached from "More", opened online through an in-app link, then reloaded with
 * the network off (service worker page + the copy kept in IndexedDB) showing the cards and the
 * offline notice; sign-out deletes the kept copy. The experience dashboard draws its chart and
 * table. axe (WCAG 2.1 AA) is clean on every page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import { surveyResponses } from '../../src/lib/server/db/schema';
import { versionRepo } from '../../src/lib/server/surveys/repository';
import { ADMIN, setupOrganization, startServer, type RunningServer } from '../helpers/server';
import { PHONE, axe, describeViolations, launchBrowser, openNav, uiSignIn } from '../helpers/e2e';
import { actorByEmail, liveSurvey, response, withContext } from '../helpers/surveys';

const L = (en: string) => ({ en, es: en });
const scale = [1, 2, 3, 4, 5].map((i) => L(String(i)));
const COMMUNITY: QuestionInput[] = [
	{ key: 'overall', type: 'rating5', text: L('Overall quality of services'), labels: scale, focusArea: 'Services' },
	{ key: 'parks', type: 'rating5', text: L('Parks maintenance'), labels: scale, focusArea: 'Parks' }
];
const EXPERIENCE: QuestionInput[] = [
	{ key: 'csat', type: 'rating5', text: L('Satisfied?'), labels: scale, focusArea: 'Customer service' },
	{ key: 'effort', type: 'rating5', text: L('Easy?'), labels: scale, focusArea: 'Customer service' },
	{ key: 'nps', type: 'nps', text: L('Recommend?'), lowLabel: L('No'), highLabel: L('Yes') }
];

let server: RunningServer;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let current = '';
let experience = '';

async function feed(id: string, count: number, answer: (i: number) => Record<string, unknown>) {
	for (let i = 0; i < count; i++) {
		const res = await fetch(`${server.url}/api/v1/surveys/${id}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(response(answer(i)))
		});
		if (res.status !== 201) throw new Error(`feed failed: ${res.status}`);
	}
}

async function expectAccessible(p: Page, what: string) {
	const v = await axe(p);
	expect(v, `${what}:\n${describeViolations(v)}`).toEqual([]);
}

beforeAll(async () => {
	server = await startServer();
	await setupOrganization(server);
	const settings = { ipLimitPerMinute: '100000' };
	const previous = await withContext(server.dataDir, (c) => liveSurvey(c, { title: 'Community 2025', questions: COMMUNITY, settings }).id);
	// Last cycle: 40% positive on both questions.
	await feed(previous, 80, (i) => ({ overall: (i % 5) + 1, parks: (i % 5) + 1 }));
	await withContext(server.dataDir, (c) => c.surveys.act(actorByEmail(c, ADMIN.email), previous, { action: 'close' }));
	current = await withContext(server.dataDir, (c) => liveSurvey(c, { title: 'Community 2026', questions: COMMUNITY, settings }).id);
	// This cycle: overall 90% positive (much higher), parks 40% (similar).
	await feed(current, 100, (i) => ({ overall: i % 10 === 0 ? 2 : 5, parks: (i % 5) + 1 }));
	experience = await withContext(server.dataDir, (c) => {
		const s = liveSurvey(c, { kind: 'experience', title: 'Water billing', questions: EXPERIENCE, settings: { department: 'Utilities' } });
		const v = versionRepo.latest(c.database.db, s.id)!;
		const org = actorByEmail(c, ADMIN.email).organizationId;
		const rows = Array.from({ length: 120 }, (_, i) => ({
			surveyId: s.id,
			organizationId: org,
			versionId: v.id,
			responseUuid: crypto.randomUUID(),
			channel: 'api' as const,
			language: 'en',
			district: null,
			submittedAt: new Date(Date.UTC(2026, Math.floor(i / 40), 5, 9, i)),
			answers: { csat: i < 40 ? 5 - (i % 2) * 3 : 4, effort: 4, nps: i % 11 },
			payloadHash: `h${i}`
		}));
		c.database.tx((t) => t.insert(surveyResponses).values(rows).run());
		return s.id;
	});
	browser = await launchBrowser();
	ctx = await browser.newContext(PHONE);
	page = await ctx.newPage();
}, 180_000);
afterAll(async () => {
	await ctx?.setOffline(false);
	await ctx?.close();
	await browser?.close();
	await server?.dispose();
});

describe('phone results view', () => {
	it('shows one card per focus area and what changed most, then works offline after a reload', async () => {
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (!navigator.serviceWorker.controller)
				await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
		});
		await openNav(page, 'Results');
		await page.waitForURL(/\/results$/);
		await expectAccessible(page, 'results list');
		// An in-app link: only the page's data goes through the service worker's cache this way.
		await page.getByRole('link', { name: 'Community 2026' }).click();
		await page.waitForURL(/\/results\/[0-9a-f-]{36}$/);
		const cards = page.getByTestId('phone-cards');
		await expect.poll(() => cards.locator('> li h2').allTextContents()).toEqual(['Services', 'Parks']);
		expect(await cards.locator('> li').first().textContent()).toMatch(/90%\s*positive ± 5\.9 pts/);
		expect(await page.getByTestId('top-changes').textContent()).toContain(
			'Overall quality of services: up 50 points since Community 2025 (40% → 90%)'
		);
		expect(await page.getByTestId('top-changes').locator('li').count()).toBe(1);
		await expectAccessible(page, 'phone results');

		// Kept on the device: the page in the service worker's cache and the results in IndexedDB.
		const cached = (path: string) => page.evaluate(async (url) => !!(await (await caches.open('pages')).match(url)), server.url + path);
		await expect.poll(() => cached(`/results/${current}`), { timeout: 20_000 }).toBe(true);
		await expect.poll(() => cached('/results'), { timeout: 20_000 }).toBe(true);
		const keptTitle = () =>
			page.evaluate(async (key) => {
				const [name] = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('civicloop-'));
				if (!name) return null;
				const db = await new Promise<IDBDatabase>((ok, fail) => {
					const r = indexedDB.open(name);
					r.onsuccess = () => ok(r.result);
					r.onerror = () => fail(r.error);
				});
				const row = await new Promise<{ value: { value: { survey: { title: string } } } } | undefined>((ok, fail) => {
					const r = db.transaction('meta').objectStore('meta').get(key);
					r.onsuccess = () => ok(r.result);
					r.onerror = () => fail(r.error);
				});
				db.close();
				return row?.value.value.survey.title ?? null;
			}, `results:${current}`);
		await expect.poll(keptTitle).toBe('Community 2026');

		await ctx.setOffline(true);
		await page.reload();
		await expect.poll(() => page.getByTestId('results-offline').textContent()).toMatch(/^Last updated .+ — you are offline\.$/);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Community 2026');
		expect(await cards.locator('> li h2').allTextContents()).toEqual(['Services', 'Parks']);
		expect(await page.getByTestId('top-changes').textContent()).toContain('up 50 points');
		await expectAccessible(page, 'phone results (offline)');
		// The list, also reached by an in-app link, opens offline too.
		await page.goto(`${server.url}/results`);
		await expect.poll(() => page.getByTestId('results-offline').isVisible()).toBe(true);
		expect(await page.getByRole('link', { name: 'Community 2026' }).isVisible()).toBe(true);
		await ctx.setOffline(false);
	});

	it('draws the experience dashboard: chart and table, accessible', async () => {
		await page.goto(`${server.url}/surveys/${experience}`);
		await page.getByRole('link', { name: 'Experience over time' }).click();
		await page.waitForURL(/\/experience$/);
		// One line per measure, drawn once the chart knows its width.
		for (const m of ['sat', 'ease', 'nps']) await expect.poll(() => page.locator(`.chart svg path.${m}`).count()).toBe(1);
		const table = page.getByRole('table', { name: /All responses: satisfied, easy and NPS by month/ });
		expect(await table.locator('tbody tr').count()).toBe(3);
		expect(await table.locator('tbody tr').first().textContent()).toContain('Jan 2026');
		const caption = (await page.getByTestId('experience-caption').textContent())!.replace(/\s+/g, ' ');
		expect(caption).toContain('3 of 3 months have enough responses to publish (at least 30).');
		expect(caption).toContain('Feb 2026, Satisfied: Much higher than Jan 2026 (100% vs 50%, significant after FDR control).');
		// Group views are collapsed to their latest month; opening one shows its table.
		const dept = page.getByRole('region', { name: 'By department' });
		expect((await dept.locator('summary').textContent())!.replace(/\s+/g, ' ')).toBe('Utilities Mar 2026: 100% satisfied, NPS -45');
		await dept.locator('summary').click();
		await expect.poll(() => dept.getByRole('table').isVisible()).toBe(true);
		await expectAccessible(page, 'experience dashboard');
	});

	it('deletes the kept results on sign-out', async () => {
		const kept = `${server.url}/results/${current}`;
		await page.goto(`${server.url}/results`);
		await page.locator('summary').first().click();
		await Promise.all([page.waitForURL(/\/login/), page.getByRole('button', { name: 'Sign out' }).click()]);
		const left = await page.evaluate(async (url) => {
			return {
				dbs: (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('civicloop-')),
				page: !!(await caches.match(url))
			};
		}, kept);
		expect(left).toEqual({ dbs: [], page: false });
	});
});

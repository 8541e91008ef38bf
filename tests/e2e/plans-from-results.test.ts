/**
 * "Add to plan" and the plan history in Chromium against the built app: from the results URL a
 * goal is added and shows in the live plan editor with its evidence; the cycle home links a
 * survey; the add-to-plan and history pages are axe clean (WCAG 2.1 AA), on a phone as well.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import { createCycle, type CycleSummary } from '../helpers/cycles';
import { axe, describeViolations, launchBrowser, PHONE, uiSignIn } from '../helpers/e2e';
import { ADMIN, addMember, setupOrganization, startServer, type Client, type RunningServer } from '../helpers/server';
import { liveSurvey, response, withContext } from '../helpers/surveys';

const L = (en: string) => ({ en, es: en });
const QUESTIONS: QuestionInput[] = [
	{ key: 'parks', type: 'rating5', text: L('Cleanliness of parks'), labels: [1, 2, 3, 4, 5].map((i) => L(String(i))), focusArea: 'Parks' }
];

let server: RunningServer;
let browser: Browser;
let admin: Client;
let cycle: CycleSummary;
let id = '';
const WAIT = { timeout: 20_000, interval: 100 };

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	id = await withContext(
		server.dataDir,
		(ctx) => liveSurvey(ctx, { title: 'Parks survey', questions: QUESTIONS, settings: { ipLimitPerMinute: '100000' } }).id
	);
	for (let i = 0; i < 20; i++) {
		await fetch(`${server.url}/api/v1/surveys/${id}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(response({ parks: (i % 5) + 1 }))
		});
	}
	cycle = await createCycle(admin, { name: 'Parks cycle', periodEnd: '2099-12-31' });
	browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
	await browser?.close();
	await server?.dispose();
});

describe('add to plan from a result', () => {
	it('links the survey on the cycle home, adds a goal from the results URL and shows it in the plan', async () => {
		const page = await browser.newPage();
		page.setDefaultTimeout(20_000);
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		await page.goto(`${server.url}/cycles/${cycle.id}`);
		await page.getByLabel('Link a survey').selectOption({ label: 'Parks survey (live)' });
		await page.getByRole('button', { name: 'Link survey' }).click();
		await expect.poll(() => page.getByTestId('linked-surveys').textContent(), WAIT).toContain('Parks survey');

		await page.goto(`${server.url}/surveys/${id}/results/plan?q=parks`);
		expect(await page.getByRole('heading', { level: 2, name: 'Cleanliness of parks' }).isVisible()).toBe(true);
		expect(await page.getByTestId('score').textContent()).toContain('40% positive');
		expect(await page.getByLabel('Cycle').inputValue()).toBe(cycle.id);
		let v = await axe(page);
		expect(v, describeViolations(v)).toEqual([]);

		await page.getByLabel('Goal', { exact: true }).fill('Cleaner parks by summer');
		await page.getByLabel('Target (% positive)').fill('60');
		await page.getByRole('button', { name: 'Add goal to the plan' }).click();
		await page.waitForURL(new RegExp(`/cycles/${cycle.id}/plan\\?added=`));
		await expect.poll(() => page.getByText('Goal “Cleaner parks by summer” added to the plan').first().isVisible(), WAIT).toBe(true);
		await expect.poll(() => page.locator('summary').filter({ hasText: 'Cleaner parks by summer' }).count(), WAIT).toBe(1);
		const goal = page.locator('details[data-goal-id]').filter({ hasText: 'Cleaner parks by summer' });
		if (!(await goal.evaluate((d) => (d as HTMLDetailsElement).open))) await goal.locator('summary').click();
		await expect.poll(() => page.getByTestId('goal-evidence').textContent(), WAIT).toContain('40% positive');

		// a second person's edit, so the history has an earlier version to restore
		const bo = await addMember(server, admin, 'bo@test.gov', 'editor');
		const added = await bo.json(`/api/v1/cycles/${cycle.id}/plan/goals`, 'POST', {
			surveyId: id,
			questionKey: 'parks',
			title: 'More bins'
		});
		expect(added.status).toBe(201);
		await page.goto(`${server.url}/cycles/${cycle.id}/plan/history`);
		const edits = page.getByTestId('edits');
		await expect.poll(() => edits.textContent(), WAIT).toContain('bo added the goal “More bins”');
		expect(await edits.textContent()).toContain('Ada Admin added the goal “Cleaner parks by summer”');
		expect(await page.getByRole('button', { name: /^Restore this version/ }).count()).toBe(1);
		v = await axe(page);
		expect(v, describeViolations(v)).toEqual([]);
		await page.close();
	});

	it('is axe clean on a phone', async () => {
		const context = await browser.newContext(PHONE);
		const page = await context.newPage();
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		for (const path of [`/surveys/${id}/results/plan?q=parks`, `/cycles/${cycle.id}/plan/history`, `/cycles/${cycle.id}`]) {
			await page.goto(`${server.url}${path}`);
			const v = await axe(page);
			expect(v, `${path}: ${describeViolations(v)}`).toEqual([]);
		}
		await context.close();
	});

	it('pages through a long history with plain links, axe clean, and restores a version from an older page', async () => {
		const long = await createCycle(admin, { name: 'Long history cycle', periodEnd: '2099-12-31' });
		const cy = await addMember(server, admin, 'cy@test.gov', 'editor');
		// two people taking turns: 22 sessions, one more page than the newest 20
		for (let n = 1; n <= 22; n++) {
			const who = n % 2 ? admin : cy;
			const res = await who.json(`/api/v1/cycles/${long.id}/plan/goals`, 'POST', {
				surveyId: id,
				questionKey: 'parks',
				title: `Goal ${n}`
			});
			expect(res.status).toBe(201);
		}
		const context = await browser.newContext();
		const page = await context.newPage();
		page.setDefaultTimeout(20_000);
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		await page.goto(`${server.url}/cycles/${long.id}/plan/history`);
		const items = page.getByTestId('edits').locator(':scope > li');
		expect(await items.count()).toBe(20);
		expect(await page.getByTestId('edits-range').textContent()).toContain('20 of 22 editing sessions');
		await Promise.all([page.waitForURL(/\?before=\d+$/), page.getByRole('link', { name: 'Older edits' }).click()]);
		await expect.poll(() => items.count(), WAIT).toBe(2);
		expect(await items.nth(1).textContent()).toContain('Ada Admin added the goal “Goal 1”');
		expect(await page.getByRole('link', { name: 'Older edits' }).count()).toBe(0);
		const v = await axe(page);
		expect(v, describeViolations(v)).toEqual([]);

		// back to the state after the first session, as a new edit
		await items
			.nth(1)
			.getByRole('button', { name: /^Restore this version/ })
			.click();
		await expect.poll(() => page.getByText('The plan is back to that version.').isVisible(), WAIT).toBe(true);
		await Promise.all([
			page.waitForURL(/\/plan\/history$/),
			page.getByRole('link', { name: 'See the restore among the latest edits' }).click()
		]);
		await expect.poll(() => items.first().textContent(), WAIT).toContain('Ada Admin removed the goal “Goal 2”');
		expect(await page.getByTestId('edits-range').textContent()).toContain('20 of 23 editing sessions');
		await context.close();

		const phone = await browser.newContext(PHONE);
		const small = await phone.newPage();
		await uiSignIn(small, server.url, ADMIN.email, ADMIN.password);
		await small.goto(`${server.url}/cycles/${long.id}/plan/history`);
		await Promise.all([small.waitForURL(/\?before=\d+$/), small.getByRole('link', { name: 'Older edits' }).click()]);
		const w = await axe(small);
		expect(w, describeViolations(w)).toEqual([]);
		await phone.close();
	});
});

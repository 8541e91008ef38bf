/**
 * Cycles, plans and field follow-up in Chromium against the built app: create a cycle, tick its
 * checklist from two browsers at once, download the checklist PDF and read its text, co-edit the
 * plan with one browser offline until both converge, log a field update with a photo while
 * offline and see it arrive exactly once, and axe (WCAG 2.1 AA) on every new page. No sleeps:
 * every wait polls the page or the API.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG_1PX } from '../helpers/cycles';
import { PHONE, axe, describeViolations, launchBrowser, uiSignIn } from '../helpers/e2e';
import { pdfText } from '../helpers/pdf-text';
import { ADMIN, addMember, setupOrganization, startServer, type Client, type RunningServer } from '../helpers/server';

const WAIT = { timeout: 20_000, interval: 100 };
const BO = { email: 'bo@test.gov', password: 'member password 1', name: 'bo' };
const FRAN = { email: 'fran@test.gov', password: 'member password 1', name: 'fran' };

let server: RunningServer;
let api: Client;
let browser: Browser;
let ctxA: BrowserContext;
let ctxB: BrowserContext;
let a: Page;
let b: Page;
let cycleUrl = '';
let actionId = '';

async function accessible(page: Page, label: string) {
	const v = await axe(page);
	expect(v, `${label}:\n${describeViolations(v)}`).toEqual([]);
}

const status = (page: Page) =>
	page
		.getByTestId('sync-status')
		.evaluate((el) => ({ status: el.getAttribute('data-status'), unsynced: Number(el.getAttribute('data-unsynced')) }));

const checklistRows = (page: Page) =>
	page.evaluate(() =>
		[...document.querySelectorAll<HTMLElement>('[data-item-id]')].map((li) => ({
			id: li.dataset.itemId ?? '',
			done: li.querySelector<HTMLInputElement>('input[type=checkbox]')?.checked ?? false
		}))
	);

const planRows = (page: Page) =>
	page.evaluate(() =>
		[...document.querySelectorAll<HTMLElement>('[data-goal-id]')].map((g) => ({
			goal: g.querySelector<HTMLTextAreaElement>(`#goal-${g.dataset.goalId}-title`)?.value ?? '',
			actions: [...g.querySelectorAll<HTMLTextAreaElement>('[data-action-id] textarea.title')].map((t) => t.value).sort()
		}))
	);

beforeAll(async () => {
	server = await startServer();
	api = await setupOrganization(server);
	await addMember(server, api, BO.email, 'editor', BO.password);
	await addMember(server, api, FRAN.email, 'field', FRAN.password);
	browser = await launchBrowser();
	ctxA = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
	ctxB = await browser.newContext(PHONE);
	a = await ctxA.newPage();
	b = await ctxB.newPage();
	await uiSignIn(a, server.url, ADMIN.email, ADMIN.password);
	await uiSignIn(b, server.url, BO.email, BO.password);
});
afterAll(async () => {
	await browser?.close();
	await server?.dispose();
});

describe('cycles in the browser', () => {
	it('creates a cycle from the empty list', async () => {
		await a.goto(`${server.url}/cycles`);
		await expect.poll(() => a.getByText('No cycles yet').isVisible(), WAIT).toBe(true);
		await accessible(a, 'cycles (empty)');
		await a.getByLabel('Name').fill('Spring 2025 evaluation');
		await a.getByLabel('Starts').fill('2025-03-01');
		await a.getByLabel('Ends').fill('2025-06-30');
		await Promise.all([a.waitForURL(/\/cycles\/[0-9a-f-]{36}$/), a.getByRole('button', { name: 'Start cycle' }).click()]);
		cycleUrl = a.url();
		await expect.poll(() => a.getByTestId('stepper').textContent(), WAIT).toContain('Planning');
		await accessible(a, 'cycle home');
		await a.goto(`${server.url}/cycles`);
		await expect.poll(() => a.getByRole('link', { name: 'Spring 2025 evaluation' }).isVisible(), WAIT).toBe(true);
		await accessible(a, 'cycles (list)');
	});

	it('ticks checklist items from two browsers at once', async () => {
		await a.goto(cycleUrl);
		const checklistHref = await a.getByRole('link', { name: 'Open the checklist' }).getAttribute('href');
		for (const page of [a, b]) {
			await page.goto(server.url + checklistHref);
			await expect.poll(async () => (await checklistRows(page)).length, WAIT).toBe(13);
			await expect.poll(() => status(page), WAIT).toEqual({ status: 'synced', unsynced: 0 });
		}
		const [r0, r1] = await checklistRows(a);
		await Promise.all([
			a.locator(`[data-item-id="${r0!.id}"] input[type=checkbox]`).check(),
			b.locator(`[data-item-id="${r1!.id}"] input[type=checkbox]`).check()
		]);
		for (const page of [a, b])
			await expect.poll(async () => (await checklistRows(page)).filter((r) => r.done).map((r) => r.id), WAIT).toEqual([r0!.id, r1!.id]);
		await expect.poll(() => status(a), WAIT).toEqual({ status: 'synced', unsynced: 0 });
		await expect.poll(() => status(b), WAIT).toEqual({ status: 'synced', unsynced: 0 });
	});

	it('downloads the checklist as a PDF whose text shows the ticks', async () => {
		await a.goto(cycleUrl);
		const [download] = await Promise.all([a.waitForEvent('download'), a.getByRole('link', { name: 'Checklist as PDF' }).click()]);
		const text = pdfText(readFileSync((await download.path())!));
		expect(text[0]).toBe('Cycle checklist: Spring 2025 evaluation');
		expect(text).toContain('Planning (2 of 4 done)');
		expect(text).toContain('Follow-up (0 of 3 done)');
	});

	it('co-edits the plan with one browser offline, then both converge', async () => {
		const planUrl = `${cycleUrl}/plan`;
		for (const page of [a, b]) {
			await page.goto(planUrl);
			await expect.poll(() => status(page), WAIT).toEqual({ status: 'synced', unsynced: 0 });
		}
		await accessible(a, 'plan (empty)');
		await a.getByLabel('New goal').fill('Cleaner parks');
		await a.getByLabel('New goal').press('Enter');
		await a.getByLabel('New action for Cleaner parks').fill('Weekly litter walk');
		await a.getByLabel('New action for Cleaner parks').press('Enter');
		await expect.poll(() => planRows(b), WAIT).toEqual([{ goal: 'Cleaner parks', actions: ['Weekly litter walk'] }]);

		// Presence: A edits the action title, B is told who is editing what.
		const title = a.locator('[data-action-id] textarea.title').first();
		await title.click();
		await expect.poll(() => b.getByTestId('plan-editing').textContent(), WAIT).toContain(`${ADMIN.name} is editing Weekly litter walk`);

		await ctxB.setOffline(true);
		await expect.poll(async () => (await status(b)).status, WAIT).toBe('offline');
		await b.getByLabel('New action for Cleaner parks').fill('Offline idea from Bo');
		await b.getByLabel('New action for Cleaner parks').press('Enter');
		await title.press('End');
		await title.pressSequentially(' (Riverside)');
		await a.getByLabel('New action for Cleaner parks').fill('Online idea from Ada');
		await a.getByLabel('New action for Cleaner parks').press('Enter');
		await expect.poll(async () => (await status(b)).unsynced, WAIT).toBeGreaterThan(0);

		await ctxB.setOffline(false);
		const expected = [
			{ goal: 'Cleaner parks', actions: ['Offline idea from Bo', 'Online idea from Ada', 'Weekly litter walk (Riverside)'] }
		];
		for (const page of [a, b]) await expect.poll(() => planRows(page), WAIT).toEqual(expected);
		for (const page of [a, b]) await expect.poll(() => status(page), WAIT).toEqual({ status: 'synced', unsynced: 0 });
		await accessible(a, 'plan (editing)');

		// Assign the first action to Fran (field staff), with a due date.
		actionId = (
			await a
				.locator('[data-action-id]')
				.evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-action-id'), t: e.querySelector('textarea')?.value })))
		).find((x) => x.t === 'Weekly litter walk (Riverside)')!.id!;
		const action = a.locator(`[data-action-id="${actionId}"]`);
		await action.getByLabel('Owner').selectOption({ label: FRAN.name });
		await action.getByLabel('Due').fill('2025-05-01');
		await expect.poll(() => status(a), WAIT).toEqual({ status: 'synced', unsynced: 0 });
	});

	it('has accessible workshop, history and KPI pages', async () => {
		await a.goto(`${cycleUrl}/plan/workshop`);
		await expect.poll(() => a.getByTestId('board').textContent(), WAIT).toContain('Weekly litter walk (Riverside)');
		expect(await a.locator('img[src$="/qr.svg"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
		await accessible(a, 'workshop');
		await a.goto(`${cycleUrl}/plan/history`);
		await a.getByLabel('Name (optional)').fill('After the first session');
		await a.getByRole('button', { name: 'Save version' }).click();
		await expect.poll(() => a.getByTestId('versions').textContent(), WAIT).toContain('After the first session');
		await accessible(a, 'history');

		await a.goto(`${server.url}/kpis`);
		await accessible(a, 'KPIs (empty)');
		await a.getByLabel('Name', { exact: true }).first().fill('Park satisfaction');
		await a.getByLabel('Baseline', { exact: true }).fill('60');
		await a.getByLabel('Target', { exact: true }).fill('75');
		await a.getByLabel('Target date').fill('2030-12-31');
		await Promise.all([a.waitForURL(/\/kpis\/[0-9a-f-]{36}$/), a.getByRole('button', { name: 'Create KPI' }).click()]);
		await a.getByLabel('…or paste the lines').fill('date,value\n2025-01-01,61\n2025-03-01,64');
		await a.getByRole('button', { name: 'Import' }).click();
		await expect.poll(() => a.getByTestId('readings').textContent(), WAIT).toContain('2025-03-01');
		await expect.poll(() => a.locator('.chart svg path').count(), WAIT).toBeGreaterThan(0);
		expect(await a.getByTestId('kpi-status').textContent()).toMatch(/On track|At risk|Off track/);
		await accessible(a, 'KPI page');
	});

	it('logs a field update with a photo offline and delivers it exactly once', async () => {
		const ctxF = await browser.newContext(PHONE);
		const f = await ctxF.newPage();
		await uiSignIn(f, server.url, FRAN.email, FRAN.password);
		expect(await f.getByRole('link', { name: 'My actions' }).first().isVisible()).toBe(true);
		await f.goto(`${server.url}/my/actions`);
		await expect.poll(() => f.getByTestId('my-actions').textContent(), WAIT).toContain('Weekly litter walk (Riverside)');
		await accessible(f, 'my actions');

		await ctxF.setOffline(true);
		const card = f.locator(`[data-action-id="${actionId}"]`);
		await card.locator('summary', { hasText: 'Log progress' }).click();
		await card.getByLabel(/What was done/).fill('Cleared the north lawn');
		await card.getByLabel(/Progress %/).fill('60');
		await card.getByLabel('Photos (up to 5)').setInputFiles({ name: 'lawn.png', mimeType: 'image/png', buffer: PNG_1PX });
		await card.getByRole('button', { name: 'Log progress' }).click();
		await expect.poll(() => f.getByTestId('pending').textContent(), WAIT).toContain('1 update(s) saved on this device');
		await accessible(f, 'my actions (pending)');
		const logs = async () =>
			((await (await api.request(`/api/v1/actions/${actionId}/progress`)).json()) as { logs: { note: string; photos: unknown[] }[] }).logs;
		expect(await logs()).toEqual([]);

		await ctxF.setOffline(false);
		await expect.poll(() => f.getByTestId('pending').count(), WAIT).toBe(0);
		await expect.poll(async () => (await logs()).length, WAIT).toBe(1);
		const [log] = await logs();
		expect(log).toMatchObject({ note: 'Cleared the north lawn' });
		expect(log!.photos).toHaveLength(1);
		// The plan editor shows the new percentage, live.
		await a.goto(`${cycleUrl}/plan`);
		await expect.poll(() => a.locator(`[data-action-id="${actionId}"] input[type=number]`).inputValue(), WAIT).toBe('60');

		await f.goto(`${server.url}/my/actions/${actionId}`);
		await expect.poll(() => f.getByTestId('logs').textContent(), WAIT).toContain('Cleared the north lawn');
		await expect
			.poll(() => f.locator('[data-testid=logs] img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), WAIT)
			.toBe(true);
		await accessible(f, 'action timeline');
		// Reloading and going on and offline again never sends it twice.
		await f.reload();
		expect(await logs()).toHaveLength(1);
		await ctxF.close();
	});
});

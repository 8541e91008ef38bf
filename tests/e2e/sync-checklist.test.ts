/**
 * Live checklist in Chromium against the built app and the real sync server: two people edit at
 * once, one goes offline (and reloads while offline), both converge, nothing stays unsaved; the
 * sign-out warning and wipe; axe (WCAG 2.1 AA) on the docs pages. No sleeps: every wait polls the DOM.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, addMember, signIn, startServer, type RunningServer } from '../helpers/server';
import { axe, describeViolations, launchBrowser, openNav, PHONE, uiSignIn } from '../helpers/e2e';

const WAIT = { timeout: 20_000, interval: 100 };
const BO = { email: 'bo@test.gov', password: 'member password 1', name: 'bo' };

let server: RunningServer;
let browser: Browser;
let ctxA: BrowserContext;
let ctxB: BrowserContext;
let a: Page;
let b: Page;
let docUrl = '';

interface Row {
	id: string;
	done: boolean;
	text: string;
}

/** The checklist as each page shows it. */
function rows(page: Page): Promise<Row[]> {
	return page.evaluate(() =>
		[...document.querySelectorAll<HTMLElement>('[data-item-id]')].map((li) => ({
			id: li.dataset.itemId ?? '',
			done: li.querySelector<HTMLInputElement>('input[type=checkbox]')?.checked ?? false,
			text: li.querySelector<HTMLTextAreaElement>('textarea.text')?.value ?? ''
		}))
	);
}

const status = (page: Page) =>
	page
		.getByTestId('sync-status')
		.evaluate((el) => ({ status: el.getAttribute('data-status'), unsynced: Number(el.getAttribute('data-unsynced')) }));
const item = (page: Page, id: string) => page.locator(`[data-item-id="${id}"]`);

async function expectAccessible(page: Page, label: string) {
	const v = await axe(page);
	expect(v, `${label}:\n${describeViolations(v)}`).toEqual([]);
}

async function openChecklist(page: Page) {
	await page.goto(docUrl);
	await expect.poll(async () => (await rows(page)).length, WAIT).toBeGreaterThan(3);
	await expect.poll(() => status(page), WAIT).toEqual({ status: 'synced', unsynced: 0 });
}

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
	ctxA = await browser.newContext(PHONE);
	ctxB = await browser.newContext(PHONE);
	a = await ctxA.newPage();
	b = await ctxB.newPage();
});
afterAll(async () => {
	await browser?.close();
	await server?.dispose();
});

describe('live checklist', () => {
	it('sets up the organization, a colleague joins, and A creates a checklist', async () => {
		await a.goto(`${server.url}/setup`);
		await a.getByLabel('Organization name').fill(ADMIN.organizationName);
		await a.getByLabel('Time zone').selectOption(ADMIN.timeZone);
		await a.getByLabel('Your name').fill(ADMIN.name);
		await a.getByLabel('E-mail address').fill(ADMIN.email);
		await a.getByLabel('Password').fill(ADMIN.password);
		await Promise.all([a.waitForURL(/\/home/), a.getByRole('button', { name: 'Create organization' }).click()]);

		await addMember(server, await signIn(server, ADMIN.email, ADMIN.password), BO.email, 'editor', BO.password);
		await uiSignIn(b, server.url, BO.email, BO.password);

		await openNav(a, 'Documents');
		await a.waitForURL(/\/docs$/);
		await expect.poll(() => a.getByText('No documents yet').isVisible(), WAIT).toBe(true);
		await expectAccessible(a, 'docs (empty)');
		await a.getByLabel('Title').fill('Spring cycle 2025');
		await Promise.all([a.waitForURL(/\/docs\/checklist:/), a.getByRole('button', { name: 'Create checklist' }).click()]);
		docUrl = a.url();
		await expect.poll(async () => (await rows(a)).length, WAIT).toBeGreaterThan(3);
		await expect.poll(() => status(a), WAIT).toEqual({ status: 'synced', unsynced: 0 });
		await expectAccessible(a, 'checklist');

		await a.goto(`${server.url}/docs`);
		await expect.poll(() => a.getByRole('link', { name: 'Spring cycle 2025' }).isVisible(), WAIT).toBe(true);
		await expectAccessible(a, 'docs (list)');
	});

	it('both open it, see each other, and tick items at the same time', async () => {
		await Promise.all([openChecklist(a), openChecklist(b)]);
		await expect.poll(() => a.getByTestId('presence').textContent(), WAIT).toContain(BO.name);
		await expect.poll(() => b.getByTestId('presence').textContent(), WAIT).toContain(ADMIN.name);

		const [r0, r1, r2] = await rows(a);
		await Promise.all([item(a, r0!.id).locator('input[type=checkbox]').check(), item(b, r1!.id).locator('input[type=checkbox]').check()]);
		for (const page of [a, b]) {
			await expect.poll(async () => (await rows(page)).filter((r) => r.done).map((r) => r.id), WAIT).toEqual([r0!.id, r1!.id]);
		}

		// B types into an item: A sees who is editing it, and the text.
		const field = item(b, r2!.id).getByLabel('Item text');
		await field.click();
		// the end of the text: End alone goes to the end of the visual line, and the textarea wraps when narrow
		await field.press('ControlOrMeta+End');
		await field.pressSequentially(' (by Bo)');
		await expect.poll(() => item(a, r2!.id).getByTestId('editing').textContent(), WAIT).toContain(`${BO.name} is editing`);
		await expect.poll(async () => (await rows(a)).find((r) => r.id === r2!.id)?.text, WAIT).toBe(`${r2!.text} (by Bo)`);
		await b.getByRole('heading', { level: 1 }).click();
		await expect.poll(() => item(a, r2!.id).getByTestId('editing').count(), WAIT).toBe(0);
		await expect.poll(() => status(b), WAIT).toEqual({ status: 'synced', unsynced: 0 });
	});

	it('B goes offline, both edit, B reloads offline from this device, then both converge', async () => {
		// Let the service worker control B's page, so the reload below can come from its cache.
		await b.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
		await b.reload();
		await expect.poll(() => b.evaluate(() => !!navigator.serviceWorker.controller), WAIT).toBe(true);
		await expect.poll(() => status(b), WAIT).toEqual({ status: 'synced', unsynced: 0 });

		await ctxB.setOffline(true);
		await expect.poll(async () => (await status(b)).status, WAIT).toBe('offline');

		const before = await rows(b);
		const [, , , r3, r4, r5] = before;
		// B, offline: ticks one, removes one, adds one.
		await item(b, r3!.id).locator('input[type=checkbox]').check();
		await item(b, r5!.id)
			.getByRole('button', { name: /^Remove/ })
			.click();
		await b.getByLabel('New item in Planning').fill('Added offline by Bo');
		await b.getByLabel('New item in Planning').press('Enter');
		// A, online: ticks another, adds one.
		await item(a, r4!.id).locator('input[type=checkbox]').check();
		await a.getByLabel('New item in Follow-up').fill('Added online by Ada');
		await a.getByLabel('New item in Follow-up').press('Enter');

		await expect.poll(async () => (await status(b)).unsynced, WAIT).toBeGreaterThan(0);
		await expect
			.poll(() => b.getByTestId('sync-status').textContent(), WAIT)
			.toMatch(/not yet saved — (they are|it is) kept on this device/);
		const offlineUnsynced = (await status(b)).unsynced;

		// Reload while offline: the page comes from the service worker, the document from IndexedDB.
		await b.reload();
		await expect.poll(async () => (await rows(b)).map((r) => r.text), WAIT).toContain('Added offline by Bo');
		expect((await rows(b)).find((r) => r.id === r3!.id)?.done).toBe(true);
		expect((await rows(b)).some((r) => r.id === r5!.id)).toBe(false);
		await expect.poll(() => status(b), WAIT).toEqual({ status: 'offline', unsynced: offlineUnsynced });

		await ctxB.setOffline(false);
		// Converged: both show the same list, with both people's changes in it.
		const converged = async () => {
			const [ra, rb] = await Promise.all([rows(a), rows(b)]);
			const texts = ra.map((r) => r.text);
			return JSON.stringify(ra) === JSON.stringify(rb) && texts.includes('Added offline by Bo') && texts.includes('Added online by Ada');
		};
		await expect.poll(converged, WAIT).toBe(true);
		const final = await rows(a);
		expect(final.map((r) => r.text)).toEqual(expect.arrayContaining(['Added offline by Bo', 'Added online by Ada']));
		expect(final.some((r) => r.id === r5!.id)).toBe(false);
		expect(final.filter((r) => [r3!.id, r4!.id].includes(r.id)).every((r) => r.done)).toBe(true);
		for (const page of [a, b]) await expect.poll(() => status(page), WAIT).toEqual({ status: 'synced', unsynced: 0 });

		// And the server kept it: a new browser context (empty IndexedDB) loads the same list.
		const ctxC = await browser.newContext(PHONE);
		const fresh = await ctxC.newPage();
		await uiSignIn(fresh, server.url, BO.email, BO.password);
		await fresh.goto(docUrl);
		await expect.poll(async () => JSON.stringify(await rows(fresh)), WAIT).toBe(JSON.stringify(final));
		await ctxC.close();
	});

	it('is read-only for a viewer, who still sees it live', async () => {
		await addMember(server, await signIn(server, ADMIN.email, ADMIN.password), 'vi@test.gov', 'viewer', BO.password);
		const ctxV = await browser.newContext(PHONE);
		const v = await ctxV.newPage();
		await uiSignIn(v, server.url, 'vi@test.gov', BO.password);
		await openChecklist(v);
		expect(await v.locator('[data-item-id] input[type=checkbox]:not([disabled])').count()).toBe(0);
		expect(await v.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
		expect(await v.getByLabel(/^New item in/).count()).toBe(0);
		const [r] = (await rows(a)).filter((x) => !x.done);
		await item(a, r!.id).locator('input[type=checkbox]').check();
		await expect.poll(async () => (await rows(v)).find((x) => x.id === r!.id)?.done, WAIT).toBe(true);
		await expectAccessible(v, 'checklist (read-only)');
		await ctxV.close();
	});

	it('says so when the browser deleted the local data', async () => {
		// What a browser does under storage pressure: the database goes, localStorage stays.
		await b.evaluate(async () => {
			const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('civicloop-'));
			await Promise.all(
				names.map((n) => new Promise((ok, ko) => Object.assign(indexedDB.deleteDatabase(n), { onsuccess: ok, onerror: ko })))
			);
		});
		await b.reload();
		await expect.poll(() => b.getByTestId('evicted').isVisible(), WAIT).toBe(true);
		await expect.poll(() => status(b), WAIT).toEqual({ status: 'synced', unsynced: 0 });
		await expectAccessible(b, 'checklist (evicted notice)');
	});

	it('warns before signing out with unsaved changes, and wipes the device on sign-out', async () => {
		await ctxA.setOffline(true);
		await expect.poll(async () => (await status(a)).status, WAIT).toBe('offline');
		const [r] = (await rows(a)).filter((x) => !x.done);
		await item(a, r!.id).locator('input[type=checkbox]').check();
		await a.locator('summary').first().click();
		await a.getByRole('button', { name: 'Sign out' }).click();
		await expect.poll(() => a.getByTestId('signout-dialog').isVisible(), WAIT).toBe(true);
		expect(await a.getByTestId('signout-dialog').textContent()).toMatch(/not reached the server yet/);
		await a.getByRole('button', { name: 'Stay signed in' }).click();
		await ctxA.setOffline(false);
		await expect.poll(() => status(a), WAIT).toEqual({ status: 'synced', unsynced: 0 });

		// Bo signs out with nothing pending: no question, and the local database is gone.
		const dbs = () =>
			b.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('civicloop-')));
		expect(await dbs()).toHaveLength(1);
		await b.locator('summary').first().click();
		await Promise.all([b.waitForURL(/\/login/), b.getByRole('button', { name: 'Sign out' }).click()]);
		expect(await dbs()).toEqual([]);
	});
});

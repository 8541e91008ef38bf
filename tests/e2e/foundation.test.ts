/**
 * The foundation in Chromium against the built app: setup, sign-in/out, invitation, role change,
 * installability, offline reload of visited pages, and accessibility (axe, WCAG 2.1 AA) of every
 * page. Phone-sized viewport: the app is phones first.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startServer, type RunningServer } from '../helpers/server';
import { PHONE, axe, describeViolations, launchBrowser, launchPersistent, openNav, uiSignIn } from '../helpers/e2e';

let server: RunningServer;
let browser: Browser;

async function expectAccessible(page: Page, label: string) {
	const v = await axe(page);
	expect(v, `${label}:\n${describeViolations(v)}`).toEqual([]);
}

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.dispose();
});

describe('first run and accounts', () => {
	let invitationUrl = '';

	it('sets up the organization from the first page', async () => {
		const ctx = await browser.newContext(PHONE);
		const page = await ctx.newPage();
		await page.goto(server.url);
		await expect.poll(() => page.url()).toMatch(/\/setup$/);
		await expectAccessible(page, 'setup');
		await page.getByLabel('Organization name').fill(ADMIN.organizationName);
		await page.getByLabel('Time zone').selectOption('America/Chicago');
		await page.getByLabel('Your name').fill(ADMIN.name);
		await page.getByLabel('E-mail address').fill(ADMIN.email);
		await page.getByLabel('Password').fill('aaaaaaaaaa');
		await page.getByRole('button', { name: 'Create organization' }).click();
		await expect.poll(() => page.getByText('Use a less repetitive password.').isVisible()).toBe(true);
		await expectAccessible(page, 'setup with errors');
		await expect.poll(() => page.getByLabel('Organization name').inputValue()).toBe(ADMIN.organizationName);
		await page.getByLabel('Password').fill(ADMIN.password);
		await Promise.all([page.waitForURL(/\/home/), page.getByRole('button', { name: 'Create organization' }).click()]);
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Welcome, Ada');
		await expectAccessible(page, 'home');
		await ctx.close();
	});

	it('invites a colleague, who joins with the single-use link', async () => {
		const ctx = await browser.newContext(PHONE);
		const page = await ctx.newPage();
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		await openNav(page, 'People');
		await page.waitForURL(/\/members/);
		await expectAccessible(page, 'members');
		await page.getByLabel('E-mail address').fill('fran@test.gov');
		await page.getByLabel('Role', { exact: true }).selectOption('field');
		await page.getByRole('button', { name: 'Create invitation' }).click();
		invitationUrl = (await page.getByTestId('invite-url').textContent()) ?? '';
		expect(invitationUrl).toMatch(/\/invite\/[a-z2-7]{32}$/);
		await expect.poll(() => page.getByRole('cell', { name: 'fran@test.gov' }).count()).toBe(1);

		const other = await browser.newContext(PHONE);
		const fran = await other.newPage();
		await fran.goto(invitationUrl);
		await expectAccessible(fran, 'invitation');
		await fran.getByLabel('Your name').fill('Fran Field');
		await fran.getByLabel('Password').fill('field password');
		await Promise.all([fran.waitForURL(/\/home/), fran.getByRole('button', { name: 'Create my account' }).click()]);
		// The link works once.
		await fran.goto(invitationUrl);
		await expect.poll(() => fran.getByRole('alert').textContent()).toContain('already been used');
		await other.close();

		// The administrator changes Fran's role.
		await page.reload();
		const row = page.locator('tr[data-email="fran@test.gov"]');
		await row.getByLabel('Role of Fran Field').selectOption('editor');
		await row.getByRole('button', { name: 'Save' }).click();
		await expect.poll(() => page.getByText('Fran Field is now editor.').first().isVisible()).toBe(true);
		await ctx.close();
	});

	it('signs out, ending the session', async () => {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const page = await ctx.newPage();
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		await page.goto(`${server.url}/settings`);
		await expectAccessible(page, 'settings (desktop)');
		await page.getByRole('group').or(page.locator('summary')).first().click();
		await Promise.all([page.waitForURL(/\/login/), page.getByRole('button', { name: 'Sign out' }).click()]);
		await page.goto(`${server.url}/home`);
		await expect.poll(() => page.url()).toMatch(/\/login\?next=%2Fhome/);
		await expectAccessible(page, 'login');
		await ctx.close();
	});

	it('works without JavaScript: sign in, see the shell, sign out', async () => {
		const ctx = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
		const page = await ctx.newPage();
		await page.goto(`${server.url}/login`);
		await page.getByLabel('E-mail address').fill(ADMIN.email);
		await page.getByLabel('Password').fill('wrong password');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('do not match');
		await page.getByLabel('Password').fill(ADMIN.password);
		await Promise.all([page.waitForURL(/\/home/), page.getByRole('button', { name: 'Sign in' }).click()]);
		await page.locator('summary').click();
		await Promise.all([page.waitForURL(/\/login/), page.getByRole('button', { name: 'Sign out' }).click()]);
		await ctx.close();
	});

	it('shows the login page in Spanish for residents and staff who ask', async () => {
		const ctx = await browser.newContext({ ...PHONE, locale: 'es-US' });
		const page = await ctx.newPage();
		await page.goto(`${server.url}/login`);
		expect(await page.getAttribute('html', 'lang')).toBe('es');
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Iniciar sesión');
		await expectAccessible(page, 'login (es)');
		await ctx.close();
	});
});

describe('installable, offline', () => {
	it('meets the install criteria and reloads visited pages offline', async () => {
		const ctx = await launchPersistent(PHONE);
		const page = ctx.pages()[0] ?? (await ctx.newPage());
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		// Service worker active and controlling.
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (!navigator.serviceWorker.controller)
				await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
		});
		const cdp = await ctx.newCDPSession(page);
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
		expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
		await cdp.detach(); // an open CDP session keeps the page's network emulation from applying
		const manifest = await (await page.request.get(`${server.url}/manifest.webmanifest`)).json();
		expect(manifest).toMatchObject({ display: 'standalone', theme_color: expect.any(String) });
		const purposes = manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`);
		expect(purposes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));

		await page.goto(`${server.url}/members`);
		await page.goto(`${server.url}/home`);
		await ctx.setOffline(true);
		await page.goto(`${server.url}/members`);
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('People');
		await expect.poll(() => page.getByTestId('offline-banner').isVisible()).toBe(true);
		// A page never visited shows the offline page instead of the browser's error.
		await page.goto(`${server.url}/never-visited`);
		await expect.poll(() => page.getByTestId('offline-page').isVisible()).toBe(true);
		await ctx.setOffline(false);
		await ctx.close();
	});
});

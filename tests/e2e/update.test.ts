/**
 * A new deployment while the app is open: the service worker update is noticed, the user sees
 * "Update available — Reload", and nothing swaps until they choose to.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ADMIN, ROOT, setupOrganization, startServer, tempDataDir, type RunningServer } from '../helpers/server';
import { PHONE, launchPersistent, uiSignIn } from '../helpers/e2e';

// Inside the project, so the copy resolves the same node_modules as the real build.
const buildDir = mkdtempSync(join(ROOT, '.svelte-kit', 'e2e-build-'));
const dataDir = tempDataDir();
let server: RunningServer | undefined;

afterAll(async () => {
	await server?.stop();
	rmSync(buildDir, { recursive: true, force: true });
	rmSync(dataDir, { recursive: true, force: true });
});

/** Simulates deploying a new version: a changed service worker script in the served build. */
function deployNewVersion() {
	const sw = join(buildDir, 'client/sw.js');
	writeFileSync(sw, `${readFileSync(sw, 'utf8')}\n// redeployed ${Date.now()}\n`);
	for (const ext of ['.br', '.gz']) rmSync(sw + ext, { force: true });
}

it('offers the update and applies it only when asked', async () => {
	cpSync(join(ROOT, 'build'), buildDir, { recursive: true });
	const env = { CIVICLOOP_BUILD_DIR: buildDir };
	server = await startServer({ dataDir, env });
	await setupOrganization(server);
	const ctx = await launchPersistent(PHONE);
	const page = ctx.pages()[0] ?? (await ctx.newPage());
	await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
	const firstWorker = await page.evaluate(async () => {
		const reg = await navigator.serviceWorker.ready;
		return reg.active?.scriptURL;
	});
	expect(firstWorker).toMatch(/\/sw\.js$/);
	expect(await page.getByTestId('update-banner').count()).toBe(0);

	const port = server.port;
	await server.stop();
	deployNewVersion();
	server = await startServer({ dataDir, env, port });

	await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
	await expect.poll(() => page.getByTestId('update-banner').isVisible()).toBe(true);
	// Still the old worker in control: nothing swapped silently.
	expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(true);

	await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reload' }).click()]);
	await expect.poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(false);
	await expect.poll(() => page.getByTestId('update-banner').count()).toBe(0);
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Welcome');
	await ctx.close();
});

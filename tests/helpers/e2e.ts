/** Chromium (Debian's) through playwright-core, plus axe-core checks. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A persistent profile (service worker + IndexedDB survive a browser restart). */
export function launchPersistent(
	opts: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}
): Promise<BrowserContext> {
	const dir = mkdtempSync(join(tmpdir(), 'civicloop-chrome-'));
	return chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, ...opts });
}

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[] }[];
}

let axeSource: string | undefined;

/** Runs axe-core with the WCAG 2.1 A/AA rules on the current page; returns the violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
	// Evaluated over CDP rather than added as a <script>: the app's CSP (rightly) refuses inline
	// scripts, and the test should not have to weaken it.
	axeSource ??= readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
	return page.evaluate(async () => {
		const w = window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> } };
		const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
		return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
	});
}

/** Formats violations for a readable assertion message. */
export function describeViolations(v: AxeViolation[]): string {
	return v.map((x) => `${x.id} (${x.impact}): ${x.help} → ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

/** Fills and submits the login form. */
export async function uiSignIn(page: Page, base: string, email: string, password: string): Promise<void> {
	await page.goto(`${base}/login`);
	await page.getByLabel('E-mail address').fill(email);
	await page.getByLabel('Password').fill(password);
	await Promise.all([page.waitForURL(/\/home/), page.getByRole('button', { name: 'Sign in' }).click()]);
}

/** Opens a main navigation entry: its tab when shown, otherwise through "More" (phones). */
export async function openNav(page: Page, label: string): Promise<void> {
	const nav = page.getByRole('navigation', { name: 'Main' });
	const link = nav.getByRole('link', { name: label, exact: true });
	if (await link.isVisible()) {
		await link.click();
		return;
	}
	await nav.getByRole('link', { name: 'More', exact: true }).click();
	await page.waitForURL(/\/more$/);
	await page.getByRole('main').getByRole('link', { name: label, exact: true }).click();
}

/**
 * Where the time goes when the 200-goal / 2,000-action plan opens (bench/plans.ts measures it):
 * a Chromium CPU profile (CDP Profiler) of one cold open from the server and one offline reload
 * from the local store, summarised as self time per function and per script, with the page's
 * `doc:*` performance marks. Run: `node --import tsx bench/plans-profile.ts` (after a build).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { addAction, addGoal } from '../src/lib/domain/plan/doc';
import { ADMIN, ROOT, setupOrganization, startServer } from '../tests/helpers/server';
import { createCycle, DocClient } from '../tests/helpers/cycles';
import { launchBrowser, uiSignIn } from '../tests/helpers/e2e';

const GOALS = 200;
const PER_GOAL = 10;

interface Node {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
}

function summarise(profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] }, top = 25): void {
	const byNode = new Map<number, number>();
	profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
	const byFn = new Map<string, number>();
	const byUrl = new Map<string, number>();
	for (const n of profile.nodes) {
		const ms = byNode.get(n.id) ?? 0;
		const file = n.callFrame.url.split('/').pop() || '(native)';
		const fn = `${n.callFrame.functionName || '(anon)'} ${file}:${n.callFrame.lineNumber}`;
		byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
		byUrl.set(file, (byUrl.get(file) ?? 0) + ms);
	}
	const print = (m: Map<string, number>, n: number) =>
		[...m.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.forEach(([k, v]) => console.log(`  ${v.toFixed(1).padStart(8)} ms  ${k}`));
	console.log(' by script:');
	print(byUrl, 10);
	console.log(' by function (self):');
	print(byFn, top);
}

const PROFILE = !process.argv.includes('--marks');

async function profiled(page: Page, cdp: CDPSession, url: string, synced: boolean, label: string) {
	if (PROFILE) {
		await cdp.send('Profiler.enable');
		await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
		await cdp.send('Profiler.start');
	}
	await page.goto(url, { waitUntil: 'commit' });
	await page.waitForFunction(
		({ n, synced }) =>
			document.querySelectorAll('[data-goal-id]').length === n &&
			(!synced || document.querySelector('[data-testid=sync-status]')?.getAttribute('data-status') === 'synced'),
		{ n: GOALS, synced },
		{ polling: 'raf', timeout: 60_000 }
	);
	const marks = await page.evaluate(() => {
		const now = performance.now();
		return {
			now: Math.round(now),
			...Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])),
			dcl: Math.round((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd)
		};
	});
	console.log(`\n== ${label}: ${JSON.stringify(marks)}`);
	if (!PROFILE) return;
	const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] } };
	summarise(profile);
}

const buildDir = mkdtempSync(join(ROOT, '.svelte-kit', 'bench-build-'));
cpSync(join(ROOT, 'build'), buildDir, { recursive: true });
const server = await startServer({ env: { CIVICLOOP_BUILD_DIR: buildDir } });
const admin = await setupOrganization(server);
const cycle = await createCycle(admin, { name: 'Profile cycle' });
const writer = new DocClient(server, admin, cycle.planDoc);
await writer.synced();
writer.doc.transact(() => {
	for (let g = 0; g < GOALS; g++) {
		addGoal(writer.doc, { id: `g${g}`, title: `Goal ${g}: improve service ${g}` });
		for (let a = 0; a < PER_GOAL; a++)
			addAction(writer.doc, `g${g}`, { id: `g${g}a${a}`, title: `Action ${a} of goal ${g}`, due: '2030-01-01', progress: a * 10 });
	}
});
await writer.allStored();
writer.destroy();
const browser = await launchBrowser();
try {
	for (let run = 0; run < (PROFILE ? 1 : 3); run++) {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		const page = await ctx.newPage();
		await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		const planUrl = `${server.url}/cycles/${cycle.id}/plan`;
		let cdp = await ctx.newCDPSession(page);
		await profiled(page, cdp, planUrl, true, 'cold, from the server');
		await cdp.detach();
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
		await page.reload();
		await page.waitForFunction(() => !!navigator.serviceWorker.controller);
		await page.waitForFunction(() => document.querySelector('[data-testid=sync-status]')?.getAttribute('data-status') === 'synced');
		await ctx.setOffline(true);
		cdp = await ctx.newCDPSession(page);
		await profiled(page, cdp, planUrl, false, 'offline, from the local store');
		await cdp.detach();
		await ctx.close();
	}
} finally {
	await browser.close();
	await server.dispose();
	rmSync(buildDir, { recursive: true, force: true });
}

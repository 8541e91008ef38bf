/**
 * JavaScript shipped on first load of each page, gzip: the URLs Chromium actually requests on a
 * cold load (empty cache, no service worker yet), each file gzipped at level 9 like the build's
 * precompressed copies. Run: `npm run bench:client` (after `npm run build`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ADMIN, ROOT, setupOrganization, startServer } from '../tests/helpers/server';
import { PHONE, launchBrowser, uiSignIn } from '../tests/helpers/e2e';

const BUDGETS: Record<string, number> = { '/login': 100, '/home': 100 };
const PAGES = [
	{ path: '/login', signedIn: false },
	{ path: '/home', signedIn: true },
	{ path: '/members', signedIn: true },
	{ path: '/settings', signedIn: true },
	{ path: '/docs', signedIn: true }
];

const server = await startServer();
await setupOrganization(server);
const browser = await launchBrowser();
const results: Record<string, { files: number; rawKiB: number; gzipKiB: number; budgetKiB?: number }> = {};
try {
	for (const p of PAGES) {
		const ctx = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
		const page = await ctx.newPage();
		if (p.signedIn) await uiSignIn(page, server.url, ADMIN.email, ADMIN.password);
		await ctx.clearCookies();
		if (p.signedIn) await uiSignIn(await ctx.newPage(), server.url, ADMIN.email, ADMIN.password);
		const fresh = await ctx.newPage();
		await fresh.route('**/*', (route) => route.continue()); // disables the memory cache between pages
		const js = new Set<string>();
		fresh.on('request', (r) => {
			const u = new URL(r.url());
			if (u.pathname.endsWith('.js')) js.add(u.pathname);
		});
		await fresh.goto(server.url + p.path, { waitUntil: 'networkidle' });
		let raw = 0;
		let gz = 0;
		for (const path of js) {
			const buf = readFileSync(join(ROOT, 'build/client', path));
			raw += buf.length;
			gz += gzipSync(buf, { level: 9 }).length;
		}
		results[p.path] = { files: js.size, rawKiB: +(raw / 1024).toFixed(1), gzipKiB: +(gz / 1024).toFixed(1), budgetKiB: BUDGETS[p.path] };
		await ctx.close();
	}
} finally {
	await browser.close();
	await server.dispose();
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const out = { date: new Date().toISOString(), node: process.version, pages: results };
writeFileSync(join(ROOT, 'bench/results/client-size.json'), JSON.stringify(out, null, 2) + '\n');
console.table(results);
const over = Object.entries(results).filter(([, r]) => r.budgetKiB !== undefined && r.gzipKiB > r.budgetKiB);
if (over.length) {
	console.error(`over budget: ${over.map(([k]) => k).join(', ')}`);
	process.exitCode = 1;
}

/**
 * The summary report PDF of the demo's closed community survey (1,520 responses, weighted to
 * district populations): time to build the report (results, weighting, plan) and render the
 * tagged PDF, in process on the demo data. Median of 7 runs after one warm-up, EN and ES; wall
 * time and the process's CPU time (the machine is shared, so wall time swings with its load).
 * Run: `node --import tsx bench/report.ts` → bench/results/report.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../src/lib/server/demo/seed';
import { createReportService } from '../src/lib/server/results/report';
import { testContext } from '../tests/helpers/context';
import { ROOT } from '../tests/helpers/server';
import { actorByEmail } from '../tests/helpers/surveys';

const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const ctx = await testContext({ DEMO: '1' });
try {
	await seedDemo(ctx);
	const analyst = actorByEmail(ctx, 'analyst@example.gov');
	const survey = ctx.surveys.list(analyst).find((s) => s.title === 'Community survey 2025')!;
	const reports = createReportService({ database: ctx.database });
	const out: Record<string, unknown> = { survey: survey.title, runs: RUNS };
	for (const locale of ['en', 'es'] as const) {
		await reports.pdf(analyst, survey.id, locale); // warm-up
		const total: number[] = [];
		const build: number[] = [];
		const cpu: number[] = [];
		let bytes = 0;
		for (let i = 0; i < RUNS; i++) {
			let t0 = performance.now();
			reports.summary(analyst, survey.id, locale);
			build.push(performance.now() - t0);
			t0 = performance.now();
			const c0 = process.cpuUsage();
			bytes = (await reports.pdf(analyst, survey.id, locale)).pdf.length;
			total.push(performance.now() - t0);
			const c = process.cpuUsage(c0);
			cpu.push((c.user + c.system) / 1000);
		}
		out[locale] = {
			responses: reports.summary(analyst, survey.id, locale).responses,
			medianMs: Math.round(median(total) * 10) / 10,
			minMs: Math.round(Math.min(...total) * 10) / 10,
			maxMs: Math.round(Math.max(...total) * 10) / 10,
			/** CPU time of this process per PDF: less sensitive to other processes on a busy machine */
			medianCpuMs: Math.round(median(cpu) * 10) / 10,
			medianBuildReportMs: Math.round(median(build) * 10) / 10,
			bytes
		};
	}
	out.loadavg = loadavg().map((x) => Math.round(x * 100) / 100);
	out.measuredAt = new Date().toISOString();
	mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
	writeFileSync(join(ROOT, 'bench/results/report.json'), `${JSON.stringify(out, null, 2)}\n`);
	console.log(JSON.stringify(out, null, 2));
} finally {
	await ctx.dispose();
}

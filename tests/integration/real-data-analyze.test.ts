/**
 * `civicloop analyze` on real data: the Tampa Bay Community Survey 2024 (1,231 respondents,
 * Tampa Bay Estuary Program, public data) from ../shared/data. A user's fresh clone has no
 * ../shared: then this file skips, saying why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/server';

const DATA = join(ROOT, '../shared/data/tampa-bay-2024/responses.csv');
const present = existsSync(DATA);
const dir = mkdtempSync(join(tmpdir(), 'civicloop-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Rough adult population shares for the region, for the test only.
const MARGINS = {
	age: { '18-24': 0.11, '25-34': 0.17, '35-44': 0.16, '45-54': 0.16, '55-64': 0.17, '65+': 0.23 },
	gender: { female: 0.51, male: 0.49 },
	ownership: { own: 0.64, rent: 0.33, other: 0.03 }
};

function parseCsv(text: string): Record<string, string>[] {
	const [head, ...lines] = text.trim().split(/\r?\n/);
	const cols = head!.split(',');
	return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

describe.skipIf(!present)('analyze the 2024 Tampa Bay resident survey (real data from ../shared/data; skipped when absent)', () => {
	const margins = join(dir, 'margins.json');
	const weightsOut = join(dir, 'weights.csv');
	writeFileSync(margins, JSON.stringify(MARGINS));
	const run = spawnSync(
		process.execPath,
		['bin/civicloop.mjs', 'analyze', '--responses', DATA, '--margins', margins, '--positive', '3,4', '--weights-out', weightsOut],
		{
			cwd: ROOT,
			encoding: 'utf8'
		}
	);

	it('exits 0 and reports every numeric question in column order', () => {
		expect(run.status, run.stderr).toBe(0);
		const out = JSON.parse(run.stdout) as { question: string }[];
		expect(out).toHaveLength(35);
		expect(out[0]!.question).toBe('priority_acsnat');
		expect(run.stderr).toContain('skipped non-numeric column "race"');
	});

	it('writes weights that reproduce the population margins', () => {
		const rows = parseCsv(readFileSync(DATA, 'utf8'));
		const weights = new Map(parseCsv(readFileSync(weightsOut, 'utf8')).map((r) => [r.respondent_id!, Number(r.weight)]));
		expect(weights.size).toBe(1231);
		const total = [...weights.values()].reduce((a, b) => a + b, 0);
		expect(total / weights.size).toBeCloseTo(1, 9);
		for (const [dim, shares] of Object.entries(MARGINS))
			for (const [cat, share] of Object.entries(shares)) {
				const w = rows.filter((r) => r[dim] === cat).reduce((a, r) => a + weights.get(r.respondent_id!)!, 0);
				expect(w / total, `${dim}=${cat}`).toBeCloseTo(share, 6);
			}
	});

	it('gives weighted means and percent positive that an independent computation agrees with', () => {
		const rows = parseCsv(readFileSync(DATA, 'utf8'));
		const weights = new Map(parseCsv(readFileSync(weightsOut, 'utf8')).map((r) => [r.respondent_id!, Number(r.weight)]));
		const out = JSON.parse(run.stdout) as {
			question: string;
			n: number;
			mean: number;
			percent_positive: number;
			deff: number;
			moe95: number;
		}[];
		for (const q of out) {
			let sw = 0,
				swy = 0,
				swp = 0,
				sw2 = 0,
				n = 0;
			for (const r of rows) {
				const v = r[q.question];
				if (v === undefined || v === '') continue;
				const w = weights.get(r.respondent_id!)!;
				n++;
				sw += w;
				sw2 += w * w;
				swy += w * Number(v);
				if (Number(v) === 3 || Number(v) === 4) swp += w; // exactly the codes given by --positive
			}
			const deff = (n * sw2) / (sw * sw);
			const p = swp / sw;
			expect(q.n, q.question).toBe(n);
			expect(q.mean).toBeCloseTo(swy / sw, 9);
			expect(q.percent_positive).toBeCloseTo(p, 9);
			expect(q.deff).toBeCloseTo(deff, 9);
			expect(q.moe95).toBeCloseTo(1.96 * Math.sqrt((deff * p * (1 - p)) / n), 9);
			expect(q.deff).toBeGreaterThanOrEqual(1);
		}
	});
});

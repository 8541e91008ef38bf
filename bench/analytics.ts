/**
 * Benchmark of the survey statistics core.
 *
 *   node --import tsx --expose-gc bench/analytics.ts [--n 1000000] [--questions 40] [--reps 3] [--storage u8|f32]
 *
 * Generates (seeded) n responses × q questions on a 5-point scale (~5% missing),
 * stored as Uint8Array (255 = missing; default) or Float32Array (NaN = missing),
 * and 4 weighting dimensions sampled with a skew relative to the population
 * margins, then times raking, all estimates with margins, and the total,
 * repeated `reps` times (min / median). Also times the same unweighted means
 * as `SELECT avg(q1), …` in an in-memory SQLite table (better-sqlite3).
 * Writes bench/results/analytics.json (analytics-f32.json with --storage f32), keeping the
 * "resultsPage" figure of bench/results-page.ts (which `npm run bench:analytics` runs next).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	answerAt,
	matrixBytes,
	MISSING_U8,
	type DimensionColumn,
	type QuestionColumn,
	type ResponseMatrix
} from '../src/lib/domain/analytics/matrix';
import { estimateMatrix, weightMatrix, type SurveyMargins } from '../src/lib/domain/analytics/survey';
import { uniformWeights } from '../src/lib/domain/analytics/weights';

/** Decimal megabyte (the raw 1M × 40 Float64 answers are 320 MB). */
const MB = 1e6;

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const N = arg('n', 1_000_000);
const Q = arg('questions', 40);
const REPS = arg('reps', 3);
const SEED = 20240601;
const STORAGE = process.argv.includes('f32') ? 'f32' : 'u8';

/** mulberry32: small, fast, seeded 32-bit PRNG returning [0, 1). */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface DimSpec {
	name: string;
	categories: string[];
	population: number[];
	sample: number[];
	/** Effect of each category on the latent satisfaction. */
	effect: number[];
	missingRate: number;
}

const DIMS: DimSpec[] = [
	{
		name: 'age',
		categories: ['18-24', '25-34', '35-49', '50-64', '65+'],
		population: [0.12, 0.18, 0.26, 0.24, 0.2],
		sample: [0.05, 0.12, 0.23, 0.3, 0.3],
		effect: [-0.4, -0.2, 0, 0.2, 0.4],
		missingRate: 0
	},
	{
		name: 'gender',
		categories: ['female', 'male', 'other'],
		population: [0.51, 0.47, 0.02],
		sample: [0.6, 0.385, 0.015],
		effect: [0.1, -0.1, 0],
		missingRate: 0
	},
	{
		name: 'district',
		categories: ['D1', 'D2', 'D3', 'D4', 'D5'],
		population: [0.2, 0.2, 0.2, 0.2, 0.2],
		sample: [0.3, 0.25, 0.2, 0.15, 0.1],
		effect: [0.3, 0.1, 0, -0.1, -0.3],
		missingRate: 0
	},
	{
		name: 'tenure',
		categories: ['owner', 'private-rent', 'social-rent', 'other'],
		population: [0.55, 0.25, 0.15, 0.05],
		sample: [0.7, 0.15, 0.1, 0.05],
		effect: [0.2, -0.2, -0.3, 0],
		missingRate: 0.01
	}
];

function draw(rand: () => number, cumulative: number[]): number {
	const u = rand();
	for (let k = 0; k < cumulative.length; k++) if (u < (cumulative[k] as number)) return k;
	return cumulative.length - 1;
}

/** Build the columnar matrix (not timed). */
function generate(): ResponseMatrix {
	const rand = mulberry32(SEED);
	const latent = new Float32Array(N);
	const dimensions: DimensionColumn[] = DIMS.map((d) => {
		let acc = 0;
		const cum = d.sample.map((s) => (acc += s));
		const codes = new Int8Array(N);
		for (let i = 0; i < N; i++) {
			if (rand() < d.missingRate) {
				codes[i] = -1;
				continue;
			}
			const k = draw(rand, cum);
			codes[i] = k;
			latent[i] = (latent[i] as number) + (d.effect[k] as number);
		}
		return { name: d.name, categories: d.categories, codes };
	});
	const questions: QuestionColumn[] = [];
	for (let q = 0; q < Q; q++) {
		const answers = STORAGE === 'u8' ? new Uint8Array(N) : new Float32Array(N);
		const missing = STORAGE === 'u8' ? MISSING_U8 : Number.NaN;
		const centre = 2.6 + (q % 8) * 0.15;
		for (let i = 0; i < N; i++) {
			if (rand() < 0.05) {
				answers[i] = missing;
				continue;
			}
			const y = Math.round(centre + (latent[i] as number) + (rand() + rand() - 1) * 2.2);
			answers[i] = y < 1 ? 1 : y > 5 ? 5 : y;
		}
		questions.push({ id: `q${q + 1}`, answers });
	}
	return { n: N, questions, dimensions };
}

function gc(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

function stats(xs: number[]) {
	const s = [...xs].sort((a, b) => a - b);
	return {
		runs: xs.map((x) => +x.toFixed(2)),
		min: +(s[0] as number).toFixed(2),
		median: +(s[Math.floor(s.length / 2)] as number).toFixed(2)
	};
}

function mem() {
	const m = process.memoryUsage();
	return { rssMB: +(m.rss / MB).toFixed(1), arrayBuffersMB: +(m.arrayBuffers / MB).toFixed(1), heapUsedMB: +(m.heapUsed / MB).toFixed(1) };
}

function sqliteMeans(matrix: ResponseMatrix) {
	const db = new Database(':memory:');
	const cols = matrix.questions.map((q) => q.id);
	db.exec(`CREATE TABLE t (${cols.map((c) => `${c} REAL`).join(', ')})`);
	const insert = db.prepare(`INSERT INTO t VALUES (${cols.map(() => '?').join(', ')})`);
	const t0 = performance.now();
	const row: (number | null)[] = new Array<number | null>(cols.length);
	db.transaction(() => {
		for (let i = 0; i < matrix.n; i++) {
			matrix.questions.forEach((q, j) => {
				const y = answerAt(q.answers, i);
				row[j] = y === y ? y : null;
			});
			insert.run(row);
		}
	})();
	const insertMs = performance.now() - t0;
	const select = db.prepare(`SELECT ${cols.map((c) => `avg(${c})`).join(', ')} FROM t`).raw();
	const times: number[] = [];
	let means: number[] = [];
	for (let r = 0; r < REPS; r++) {
		const t = performance.now();
		means = select.get() as number[];
		times.push(performance.now() - t);
	}
	db.close();
	return { insertMs, times, means };
}

function main(): void {
	gc();
	const baseline = mem();
	const tGen = performance.now();
	const matrix = generate();
	const generateMs = performance.now() - tGen;
	const margins: SurveyMargins = Object.fromEntries(DIMS.map((d) => [d.name, d.population]));
	gc();
	const afterData = mem();
	const bytes = matrixBytes(matrix);

	const rakeMs: number[] = [];
	const estMs: number[] = [];
	const totalMs: number[] = [];
	let weighting = weightMatrix(matrix, margins);
	let results = estimateMatrix(matrix, weighting.weights);
	let afterAnalysis = mem();
	for (let r = 0; r < REPS; r++) {
		gc();
		const t0 = performance.now();
		weighting = weightMatrix(matrix, margins);
		const t1 = performance.now();
		results = estimateMatrix(matrix, weighting.weights);
		const t2 = performance.now();
		rakeMs.push(t1 - t0);
		estMs.push(t2 - t1);
		totalMs.push(t2 - t0);
		afterAnalysis = mem();
	}
	const peakRssMB = +((process.resourceUsage().maxRSS * 1024) / MB).toFixed(1);

	const ones = uniformWeights(matrix.n);
	const oursUnweighted: number[] = [];
	let unweighted = estimateMatrix(matrix, ones);
	for (let r = 0; r < REPS; r++) {
		const t = performance.now();
		unweighted = estimateMatrix(matrix, ones);
		oursUnweighted.push(performance.now() - t);
	}
	const sqlite = sqliteMeans(matrix);
	const maxMeanDiff = Math.max(...unweighted.map((q, i) => Math.abs((q.mean as number) - (sqlite.means[i] as number))));

	const rawFloat64Bytes = matrix.n * matrix.questions.length * 8;
	const extraArrayBuffers = (afterAnalysis.arrayBuffersMB - afterData.arrayBuffersMB) * MB;
	const totalArrayBuffers = (afterAnalysis.arrayBuffersMB - baseline.arrayBuffersMB) * MB;
	const report = {
		date: new Date().toISOString(),
		machine: {
			cpu: os.cpus()[0]?.model ?? 'unknown',
			cores: os.cpus().length,
			totalMemGB: +(os.totalmem() / 1024 ** 3).toFixed(1),
			platform: `${os.platform()} ${os.release()}`,
			node: process.version
		},
		config: {
			respondents: matrix.n,
			questions: matrix.questions.length,
			dimensions: DIMS.map((d) => `${d.name} (${d.categories.length})`),
			answerStorage: STORAGE === 'u8' ? 'Uint8Array, 255 = missing' : 'Float32Array, NaN = missing',
			seed: SEED,
			reps: REPS
		},
		weighting: {
			iterations: weighting.iterations,
			converged: weighting.converged,
			maxDifference: weighting.maxDifference,
			cells: weighting.cells,
			deff: weighting.deff,
			effectiveSampleSize: weighting.effectiveSampleSize,
			minWeight: weighting.minWeight,
			maxWeight: weighting.maxWeight,
			missing: weighting.missing
		},
		sample: { q1: results[0], q40: results[results.length - 1] },
		timingsMs: { generateNotTimed: +generateMs.toFixed(0), rake: stats(rakeMs), estimates40: stats(estMs), total: stats(totalMs) },
		memory: {
			baseline,
			afterData,
			afterAnalysis,
			peakRssMB,
			storedAnswersMB: +(bytes.answers / MB).toFixed(1),
			storedCodesMB: +(bytes.codes / MB).toFixed(1),
			rawAnswersFloat64MB: +(rawFloat64Bytes / MB).toFixed(1),
			extraDuringAnalysisOverRaw: +(extraArrayBuffers / rawFloat64Bytes).toFixed(3),
			dataPlusWorkingOverRaw: +(totalArrayBuffers / rawFloat64Bytes).toFixed(3),
			peakRssOverRaw: +(((peakRssMB - baseline.rssMB) * MB) / rawFloat64Bytes).toFixed(3)
		},
		sqlite: {
			insertMsNotTimed: +sqlite.insertMs.toFixed(0),
			avgQueryMs: stats(sqlite.times),
			oursUnweightedAllEstimatesMs: stats(oursUnweighted),
			speedupOursVsSqlite: +(Math.min(...sqlite.times) / Math.min(...oursUnweighted)).toFixed(1),
			maxAbsMeanDifference: maxMeanDiff
		}
	};
	const out = join(dirname(fileURLToPath(import.meta.url)), 'results', STORAGE === 'u8' ? 'analytics.json' : 'analytics-f32.json');
	mkdirSync(dirname(out), { recursive: true });
	// Keep the results-page figure that bench/results-page.ts merges into the same file.
	const kept = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { resultsPage?: unknown }).resultsPage : undefined;
	writeFileSync(out, `${JSON.stringify(kept === undefined ? report : { ...report, resultsPage: kept }, null, 2)}\n`);
	const t = report.timingsMs;
	console.log(
		`analytics benchmark: ${matrix.n.toLocaleString('en')} × ${matrix.questions.length} questions (${report.config.answerStorage}), 4 dims, ${report.machine.cpu} (${report.machine.cores} cores), node ${process.version}`
	);
	console.log(
		`  rake       min ${t.rake.min} ms  median ${t.rake.median} ms  (${weighting.iterations} iterations, ${weighting.cells} cells, deff ${weighting.deff.toFixed(3)})`
	);
	console.log(`  estimates  min ${t.estimates40.min} ms  median ${t.estimates40.median} ms`);
	console.log(`  total      min ${t.total.min} ms  median ${t.total.median} ms  (target ≤ 300 ms)`);
	console.log(
		`  memory     answers ${report.memory.storedAnswersMB} MB stored (raw Float64 ${report.memory.rawAnswersFloat64MB} MB); data+working / raw = ${report.memory.dataPlusWorkingOverRaw}; peak RSS ${peakRssMB} MB`
	);
	console.log(
		`  sqlite     avg() ×${matrix.questions.length}: min ${report.sqlite.avgQueryMs.min} ms vs ours (all estimates, unweighted) ${report.sqlite.oursUnweightedAllEstimatesMs.min} ms → ${report.sqlite.speedupOursVsSqlite}× ; max |Δmean| ${maxMeanDiff.toExponential(2)}`
	);
	console.log(`  wrote ${out}`);
}

main();

/**
 * Benchmarks of a survey's questions: targets set by staff and external / peer values imported
 * from CSV, and the comparison of this survey's weighted percent positive against them.
 *
 * CSV import (`parseBenchmarkCsv`): first line names the columns (any order, case-insensitive):
 * `question_key` and `value` required, `n`, `moe` and `source` optional. Rules:
 * - `value` is percent positive. A value ending in `%` is a percent. Otherwise, if every value of
 *   the file lies in [0, 1] the file is read as fractions, else as percents (0–100). `moe` is read
 *   on the same scale as `value` (percentage points or a fraction).
 * - `n` is a whole number ≥ 1 (the benchmark's respondents); `moe` ≥ 0. With `n` the comparison is
 *   a two-sample test; with only `moe`, a test against a value with that standard error; with
 *   neither, a one-sample test against a fixed value.
 * - `source` names the benchmark set; a blank or absent column takes the source given with the
 *   import. A question may appear once per source.
 * - Every bad line is reported with its 1-based physical line number and the reason; when any line
 *   is bad nothing is returned for storing.
 *
 * Comparison (`compareBenchmarks`): the domain's `compareProportions` with effective n
 * (n / deff) on both sides, Benjamini–Hochberg across all benchmark comparisons of the survey,
 * flags much higher / higher / similar / lower / much lower and "too few responses" under the
 * minimum effective n (30).
 */
import { compareProportions, type ComparisonFlag, type ReferenceValue, type TestKind } from '../analytics/compare';
import { parseCsv, type CsvRecord } from '../analytics/csv';

export type BenchmarkKind = 'target' | 'external';

/** A stored benchmark value; value and moe as fractions. */
export interface BenchmarkValue {
	readonly questionKey: string;
	readonly kind: BenchmarkKind;
	readonly source: string;
	readonly value: number;
	readonly n: number | null;
	readonly moe: number | null;
}

export interface LineError {
	readonly line: number;
	readonly message: string;
}

export type BenchmarkImport = { ok: true; values: BenchmarkValue[] } | { ok: false; errors: LineError[] };

/** The source name of targets. */
export const TARGET_SOURCE = 'Target';
export const MAX_SOURCE_LENGTH = 120;

const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;
const toNumber = (s: string) => Number(s.replace(',', '.'));

/** Parse and validate a benchmark CSV against the survey's scored question keys. */
export function parseBenchmarkCsv(text: string, opts: { questionKeys: readonly string[]; source?: string }): BenchmarkImport {
	let records: CsvRecord[];
	try {
		records = parseCsv(text);
	} catch (e) {
		const line = /line (\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
		return { ok: false, errors: [{ line: line ? Number(line) : 1, message: e instanceof Error ? e.message : String(e) }] };
	}
	const header = records[0];
	if (!header) return { ok: false, errors: [{ line: 1, message: 'The file is empty; the first line must name the columns.' }] };
	const cols = header.fields.map((f) => f.trim().toLowerCase());
	const at = (name: string) => cols.indexOf(name);
	const missing = ['question_key', 'value'].filter((c) => at(c) < 0);
	if (missing.length)
		return { ok: false, errors: [{ line: header.line, message: `Missing column ${missing.map((m) => `"${m}"`).join(' and ')}.` }] };
	const body = records.slice(1);
	if (!body.length) return { ok: false, errors: [{ line: header.line, message: 'The file has no benchmark lines.' }] };
	const cell = (r: CsvRecord, name: string) => (at(name) >= 0 ? (r.fields[at(name)] ?? '').trim() : '');
	const known = new Set(opts.questionKeys);
	const fallback = (opts.source ?? '').trim();
	// Scale: fractions when every plain value lies in [0, 1].
	const plain = body.map((r) => cell(r, 'value')).filter((v) => NUMBER.test(v));
	const fractions = plain.length > 0 && plain.every((v) => toNumber(v) >= 0 && toNumber(v) <= 1);

	const errors: LineError[] = [];
	const values: BenchmarkValue[] = [];
	const seen = new Set<string>();
	for (const r of body) {
		const problems: string[] = [];
		if (r.fields.length !== header.fields.length) problems.push(`has ${r.fields.length} fields, the header has ${header.fields.length}`);
		const key = cell(r, 'question_key');
		if (!key) problems.push('question_key is empty');
		else if (!known.has(key)) problems.push(`question_key "${key}" is not a rating or 0–10 question of this survey`);
		const source = cell(r, 'source') || fallback;
		if (!source) problems.push('no source: fill the source column or name the source for the import');
		else if (source.length > MAX_SOURCE_LENGTH) problems.push(`source is longer than ${MAX_SOURCE_LENGTH} characters`);
		else if (source.toLowerCase() === TARGET_SOURCE.toLowerCase()) problems.push(`"${TARGET_SOURCE}" is reserved for targets`);

		const raw = cell(r, 'value');
		const percent = raw.endsWith('%');
		const num = percent ? raw.slice(0, -1).trim() : raw;
		const scale = percent || !fractions ? 100 : 1;
		let value: number | null = null;
		if (!raw) problems.push('value is empty');
		else if (!NUMBER.test(num)) problems.push(`value "${raw}" is not a number`);
		else if (toNumber(num) < 0 || toNumber(num) > scale) problems.push(`value "${raw}" is outside ${scale === 100 ? '0–100 %' : '0–1'}`);
		else value = toNumber(num) / scale;

		const rawN = cell(r, 'n');
		let n: number | null = null;
		if (rawN) {
			if (!/^\d+$/.test(rawN) || Number(rawN) < 1) problems.push(`n "${rawN}" is not a whole number of at least 1`);
			else n = Number(rawN);
		}
		const rawMoe = cell(r, 'moe').replace(/%$/, '').trim();
		let moe: number | null = null;
		if (rawMoe) {
			const m = toNumber(rawMoe) / scale;
			if (!NUMBER.test(rawMoe) || m < 0 || m >= 1)
				problems.push(`moe "${cell(r, 'moe')}" is not a margin between 0 and ${scale === 100 ? '100' : '1'}`);
			else moe = m;
		}
		const id = `${source}\u0000${key}`;
		if (key && source && seen.has(id)) problems.push(`question_key "${key}" appears twice for source "${source}"`);
		seen.add(id);
		if (problems.length) errors.push({ line: r.line, message: problems.join('; ') });
		else if (value !== null) values.push({ questionKey: key, kind: 'external', source, value, n, moe });
	}
	return errors.length ? { ok: false, errors } : { ok: true, values };
}

/** The current estimate of a question (weighted percent positive). */
export interface CurrentEstimate {
	readonly key: string;
	readonly percentPositive: number | null;
	readonly n: number;
	readonly deff: number | null;
}

export interface BenchmarkComparison {
	readonly source: string;
	readonly kind: BenchmarkKind;
	readonly value: number;
	readonly n: number | null;
	readonly moe: number | null;
	readonly test: TestKind;
	readonly flag: ComparisonFlag;
	readonly difference: number;
	readonly pValue: number;
	readonly adjustedPValue: number | null;
	readonly significant: boolean;
	/** In words, e.g. "Lower than National peer cities 2025: 62% vs 71%, difference larger than the margin of error". */
	readonly reason: string;
}

const pct = (p: number) => `${Math.round(p * 100)}%`;

/** The name of a benchmark in a sentence. */
export function benchmarkName(b: { kind: BenchmarkKind; source: string }): string {
	return b.kind === 'target' ? 'the target' : b.source;
}

/** A benchmark flag in words. */
export function benchmarkReason(flag: ComparisonFlag, current: number, b: { kind: BenchmarkKind; source: string; value: number }): string {
	const name = benchmarkName(b);
	const figures = `${pct(current)} vs ${pct(b.value)}`;
	switch (flag) {
		case 'too few responses':
			return `Too few responses to compare with ${name} (${figures})`;
		case 'similar':
			return `Similar to ${name}: ${figures}, difference within the margin of error`;
		default: {
			const word = { 'much higher': 'Much higher', higher: 'Higher', lower: 'Lower', 'much lower': 'Much lower' }[flag];
			const much = flag.startsWith('much') ? ' by 10 points or more' : '';
			return `${word} than ${name}: ${figures}, difference larger than the margin of error${much}`;
		}
	}
}

/** Sort order: the target first, then external sources by name. */
function order(a: BenchmarkValue, b: BenchmarkValue): number {
	if (a.kind !== b.kind) return a.kind === 'target' ? -1 : 1;
	return a.source.localeCompare(b.source);
}

/**
 * Compare every question that has an estimate with each of its benchmarks. BH runs across all
 * these comparisons together (one family per survey). Questions without answers get none.
 */
export function compareBenchmarks(
	current: readonly CurrentEstimate[],
	benchmarks: readonly BenchmarkValue[],
	opts: { minEffectiveN?: number; q?: number } = {}
): Map<string, BenchmarkComparison[]> {
	const byKey = new Map(current.map((c) => [c.key, c]));
	const pairs = [...benchmarks]
		.sort(order)
		.filter((b) => {
			const c = byKey.get(b.questionKey);
			return c && c.percentPositive !== null && c.n > 0;
		})
		.map((b) => ({ b, c: byKey.get(b.questionKey) as CurrentEstimate }));
	const reference = (b: BenchmarkValue): ReferenceValue =>
		b.n !== null ? { p: b.value, n: b.n } : b.moe !== null ? { p: b.value, moe: b.moe } : { p: b.value };
	const results = compareProportions(
		pairs.map(({ b, c }, i) => ({
			question: String(i),
			current: { p: c.percentPositive as number, n: c.n, deff: c.deff ?? 1 },
			reference: reference(b)
		})),
		{ minEffectiveN: opts.minEffectiveN, q: opts.q }
	);
	const out = new Map<string, BenchmarkComparison[]>();
	pairs.forEach(({ b, c }, i) => {
		const r = results[i]!;
		const list = out.get(b.questionKey) ?? [];
		list.push({
			source: b.source,
			kind: b.kind,
			value: b.value,
			n: b.n,
			moe: b.moe,
			test: r.test,
			flag: r.flag,
			difference: r.difference,
			pValue: r.pValue,
			adjustedPValue: r.adjustedPValue,
			significant: r.significant,
			reason: benchmarkReason(r.flag, c.percentPositive as number, b)
		});
		out.set(b.questionKey, list);
	});
	return out;
}

/** Parse a target typed in percent ("70", "70 %", "70,5"); null when blank; an Error message when bad. */
export function parseTarget(input: string): { ok: true; value: number | null } | { ok: false; message: string } {
	const s = input.trim().replace(/%$/, '').trim();
	if (!s) return { ok: true, value: null };
	if (!NUMBER.test(s) || toNumber(s) < 0 || toNumber(s) > 100)
		return { ok: false, message: `Target "${input.trim()}" must be a percent between 0 and 100.` };
	return { ok: true, value: toNumber(s) / 100 };
}

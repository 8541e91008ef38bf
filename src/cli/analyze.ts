/**
 * `civicloop analyze`: weight a responses CSV to population margins and print
 * per-question estimates as JSON. All I/O goes through the `io` argument so
 * the command is testable without touching the real file system.
 */
import { formatCsvField, parseCsv } from '../lib/domain/analytics/csv';
import { AnalyticsInputError, formatNumber } from '../lib/domain/analytics/errors';
import { DEFAULT_POSITIVE_CODES } from '../lib/domain/analytics/estimates';
import { estimateMatrix, weightMatrix } from '../lib/domain/analytics/survey';
import { importResponses, parseMarginsJson, RESPONDENT_ID } from '../lib/domain/analytics/table';

/** I/O used by the CLI (Node implementation in main.ts). */
export interface CliIo {
	readFile(path: string): Promise<string>;
	writeFile(path: string, data: string): Promise<void>;
	stdout(text: string): void;
	stderr(text: string): void;
}

export const ANALYZE_USAGE =
	'Usage: civicloop analyze --responses FILE.csv --margins FILE.json [--positive 4,5] [--weights-out FILE.csv]\n';

/** Exit codes. */
export const EXIT_OK = 0;
export const EXIT_BAD_DATA = 1;
export const EXIT_USAGE = 2;

export interface AnalyzeArgs {
	readonly responses: string;
	readonly margins: string;
	readonly positive: readonly number[];
	readonly weightsOut?: string;
}

class UsageError extends Error {}

const OPTIONS = new Set(['responses', 'margins', 'positive', 'weights-out']);

/** Parse `--positive 4,5` (default [4, 5]). */
function parsePositive(text: string | undefined): readonly number[] {
	if (text === undefined) return DEFAULT_POSITIVE_CODES;
	const parts = text.split(',').map((s) => s.trim());
	if (!parts.every((x) => /^[+-]?\d+(\.\d+)?$/.test(x))) {
		throw new UsageError(`--positive expects numbers separated by commas, got "${text}"`);
	}
	return parts.map(Number);
}

/**
 * Parse `analyze` arguments (`--name value` or `--name=value`).
 * Returns 'help' for -h/--help; throws UsageError otherwise on bad usage.
 */
export function parseAnalyzeArgs(argv: readonly string[]): AnalyzeArgs | 'help' {
	const values = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === '-h' || arg === '--help') return 'help';
		if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
		const eq = arg.indexOf('=');
		const name = arg.slice(2, eq < 0 ? undefined : eq);
		if (!OPTIONS.has(name)) throw new UsageError(`unknown option "--${name}"`);
		if (values.has(name)) throw new UsageError(`option "--${name}" given twice`);
		const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
		if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
			throw new UsageError(`option "--${name}" needs a value`);
		}
		values.set(name, value);
	}
	const responses = values.get('responses');
	const margins = values.get('margins');
	if (responses === undefined) throw new UsageError('missing required option "--responses"');
	if (margins === undefined) throw new UsageError('missing required option "--margins"');
	const positive = parsePositive(values.get('positive'));
	return { responses, margins, positive, weightsOut: values.get('weights-out') };
}

/** Read a file, turning I/O failures into a data error naming the file. */
async function readOrFail(io: CliIo, path: string): Promise<string> {
	try {
		return await io.readFile(path);
	} catch (e) {
		throw new AnalyticsInputError(`cannot read ${path}: ${(e as Error).message}`);
	}
}

/** The JSON output row of one question. */
export interface AnalyzeOutputRow {
	question: string;
	n: number;
	mean: number | null;
	percent_positive: number | null;
	deff: number | null;
	moe95: number | null;
}

async function analyze(args: AnalyzeArgs, io: CliIo): Promise<number> {
	const marginsText = await readOrFail(io, args.margins);
	const responsesText = await readOrFail(io, args.responses);
	const margins = parseMarginsJson(marginsText, args.margins);
	let records;
	try {
		records = parseCsv(responsesText);
	} catch (e) {
		if (e instanceof AnalyticsInputError) throw new AnalyticsInputError(`${args.responses}: ${e.message}`, e.context);
		throw e;
	}
	const table = importResponses(records, margins, { responses: args.responses, margins: args.margins });
	for (const col of table.skipped) io.stderr(`${args.responses}: skipped non-numeric column "${col}"\n`);
	let weighting;
	try {
		weighting = weightMatrix(table.matrix, table.margins);
	} catch (e) {
		if (!(e instanceof AnalyticsInputError)) throw e;
		const where = e.context.category !== undefined ? ` in ${args.responses}` : '';
		throw new AnalyticsInputError(`${args.margins}: ${e.message}${where}`, e.context);
	}
	for (const [dim, count] of Object.entries(weighting.missing)) {
		if (count > 0) io.stderr(`note: ${count} respondent(s) have no "${dim}" value (kept; not adjusted on "${dim}")\n`);
	}
	if (!weighting.converged) {
		io.stderr(
			`warning: raking did not converge after ${weighting.iterations} iterations (max share difference ${formatNumber(weighting.maxDifference)})\n`
		);
	}
	const rows: AnalyzeOutputRow[] = estimateMatrix(table.matrix, weighting.weights, { positiveCodes: args.positive }).map((q) => ({
		question: q.question,
		n: q.n,
		mean: q.mean,
		percent_positive: q.percentPositive,
		deff: q.deff,
		moe95: q.percentPositiveMoe
	}));
	io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
	if (args.weightsOut !== undefined) {
		const lines = [`${RESPONDENT_ID},weight`];
		table.respondentIds.forEach((id, i) => lines.push(`${formatCsvField(id)},${weighting.weights[i]}`));
		try {
			await io.writeFile(args.weightsOut, `${lines.join('\n')}\n`);
		} catch (e) {
			throw new AnalyticsInputError(`cannot write ${args.weightsOut}: ${(e as Error).message}`);
		}
	}
	return EXIT_OK;
}

/**
 * Run `civicloop analyze` with the given arguments (without the subcommand).
 * @returns exit code: 0 success, 1 bad data, 2 bad usage
 */
export async function runAnalyze(argv: readonly string[], io: CliIo): Promise<number> {
	let args: AnalyzeArgs | 'help';
	try {
		args = parseAnalyzeArgs(argv);
	} catch (e) {
		if (!(e instanceof UsageError)) throw e;
		io.stderr(`civicloop analyze: ${e.message}\n${ANALYZE_USAGE}`);
		return EXIT_USAGE;
	}
	if (args === 'help') {
		io.stdout(ANALYZE_USAGE);
		return EXIT_OK;
	}
	try {
		return await analyze(args, io);
	} catch (e) {
		if (!(e instanceof AnalyticsInputError)) throw e;
		io.stderr(`${e.message}\n`);
		return EXIT_BAD_DATA;
	}
}

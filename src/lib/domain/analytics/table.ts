/**
 * Conversion of a parsed responses CSV and a margins object into a columnar
 * ResponseMatrix, with error messages naming the file, line, column and value.
 *
 * Columns: `respondent_id` (required, unique, non-empty), one column per
 * margin dimension (values matched exactly against the margin's category
 * labels; an empty cell = missing), and every other column whose non-empty
 * values are all numbers is a question (an empty cell = missing answer).
 * Other columns are skipped and reported.
 */
import type { CsvRecord } from './csv';
import { AnalyticsInputError } from './errors';
import { normalizeTargets } from './margins';
import { allocateCodes, MISSING_CODE, type CodeArray, type QuestionColumn, type ResponseMatrix } from './matrix';
import type { SurveyMargins } from './survey';

/** Margins as read from JSON: dimension → category label → population share. */
export type MarginsSpec = Readonly<Record<string, Readonly<Record<string, number>>>>;

export const RESPONDENT_ID = 'respondent_id';

const NUMBER_RE = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function isPlainObject(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Parse and validate a margins JSON document (shares finite, ≥ 0, summing
 * to 1 within 1e-6 per dimension).
 * @param name file name used as the prefix of error messages
 */
export function parseMarginsJson(text: string, name: string): MarginsSpec {
	let doc: unknown;
	try {
		doc = JSON.parse(text);
	} catch (e) {
		throw new AnalyticsInputError(`${name}: invalid JSON: ${(e as Error).message}`);
	}
	if (!isPlainObject(doc) || Object.keys(doc).length === 0) {
		throw new AnalyticsInputError(`${name}: expected an object mapping each dimension to {"category": share}`);
	}
	for (const [dim, cats] of Object.entries(doc)) {
		if (!isPlainObject(cats) || Object.keys(cats).length === 0) {
			throw new AnalyticsInputError(`${name}: "${dim}" must map category labels to shares`, { dimension: dim });
		}
		for (const [cat, share] of Object.entries(cats)) {
			if (typeof share !== 'number') {
				throw new AnalyticsInputError(`${name}: "${dim}" category "${cat}": share must be a number`, {
					dimension: dim,
					category: cat
				});
			}
		}
		try {
			normalizeTargets({ name: dim, categories: Object.keys(cats), codes: new Int8Array(0), targets: Object.values(cats) as number[] });
		} catch (e) {
			if (e instanceof AnalyticsInputError) throw new AnalyticsInputError(`${name}: ${e.message}`, e.context);
			throw e;
		}
	}
	return doc as MarginsSpec;
}

/** Result of importing a responses table. */
export interface TableImport {
	readonly matrix: ResponseMatrix;
	readonly respondentIds: string[];
	/** Targets per dimension in the order of the matrix categories. */
	readonly margins: SurveyMargins;
	/** Non-numeric columns that were ignored. */
	readonly skipped: string[];
}

export interface SourceNames {
	readonly responses: string;
	readonly margins: string;
}

/** Locate the id, dimension and candidate question columns in the header. */
function mapHeader(header: CsvRecord, margins: MarginsSpec, names: SourceNames) {
	const index = new Map<string, number>();
	header.fields.forEach((f, i) => {
		if (index.has(f)) throw new AnalyticsInputError(`${names.responses}: line ${header.line}: duplicate column "${f}"`);
		index.set(f, i);
	});
	const idCol = index.get(RESPONDENT_ID);
	if (idCol === undefined) throw new AnalyticsInputError(`${names.responses}: missing column "${RESPONDENT_ID}"`);
	const dimCols = Object.keys(margins).map((dim) => {
		const col = index.get(dim);
		if (col === undefined) {
			throw new AnalyticsInputError(`${names.responses}: missing column "${dim}" named in ${names.margins}`, { dimension: dim });
		}
		return col;
	});
	const used = new Set([idCol, ...dimCols]);
	const questionCols = header.fields.map((_, i) => i).filter((i) => !used.has(i));
	return { idCol, dimCols, questionCols };
}

/**
 * Build the response matrix from CSV records (first record = header).
 * @throws AnalyticsInputError naming the file, line, column or value
 */
export function importResponses(records: readonly CsvRecord[], margins: MarginsSpec, names: SourceNames): TableImport {
	const header = records[0];
	if (!header) throw new AnalyticsInputError(`${names.responses}: empty file (no header line)`);
	const { idCol, dimCols, questionCols } = mapHeader(header, margins, names);
	const n = records.length - 1;
	if (n === 0) throw new AnalyticsInputError(`${names.responses}: no data rows`);
	const dimNames = Object.keys(margins);
	const lookups = dimNames.map((d) => new Map(Object.keys(margins[d] ?? {}).map((c, i) => [c, i] as const)));
	const codes: CodeArray[] = lookups.map((l) => allocateCodes(n, l.size));
	const answers = questionCols.map(() => new Float64Array(n));
	const numeric = questionCols.map(() => true);
	const ids: string[] = new Array<string>(n);
	const seen = new Map<string, number>();
	const width = header.fields.length;
	for (let r = 0; r < n; r++) {
		const rec = records[r + 1] as CsvRecord;
		const at = `${names.responses}: line ${rec.line}`;
		if (rec.fields.length !== width) {
			throw new AnalyticsInputError(`${at}: expected ${width} fields, found ${rec.fields.length}`, { line: rec.line });
		}
		const id = rec.fields[idCol] as string;
		if (id === '') throw new AnalyticsInputError(`${at}: empty ${RESPONDENT_ID}`, { line: rec.line });
		const first = seen.get(id);
		if (first !== undefined) {
			throw new AnalyticsInputError(`${at}: duplicate ${RESPONDENT_ID} "${id}" (first seen on line ${first})`, { line: rec.line });
		}
		seen.set(id, rec.line);
		ids[r] = id;
		dimCols.forEach((col, d) => {
			const v = rec.fields[col] as string;
			const lookup = lookups[d] as Map<string, number>;
			const code = v === '' ? MISSING_CODE : lookup.get(v);
			if (code === undefined) {
				const dim = dimNames[d] as string;
				throw new AnalyticsInputError(
					`${at}: column "${dim}": unknown category "${v}" (expected one of ${[...lookup.keys()].join(', ')})`,
					{ line: rec.line, dimension: dim, category: v }
				);
			}
			(codes[d] as CodeArray)[r] = code;
		});
		questionCols.forEach((col, q) => {
			if (!numeric[q]) return;
			const v = rec.fields[col] as string;
			const out = answers[q] as Float64Array;
			const x = v === '' ? Number.NaN : NUMBER_RE.test(v) ? Number(v) : Number.POSITIVE_INFINITY;
			if (Number.isFinite(x) || v === '') out[r] = x;
			else numeric[q] = false;
		});
	}
	const questions: QuestionColumn[] = [];
	const skipped: string[] = [];
	questionCols.forEach((col, q) => {
		const id = header.fields[col] as string;
		if (numeric[q]) questions.push({ id, answers: answers[q] as Float64Array });
		else skipped.push(id);
	});
	const dimensions = dimNames.map((name, d) => ({
		name,
		categories: [...(lookups[d] as Map<string, number>).keys()],
		codes: codes[d] as CodeArray
	}));
	const surveyMargins: Record<string, number[]> = {};
	for (const d of dimNames) surveyMargins[d] = Object.values(margins[d] ?? {});
	return { matrix: { n, questions, dimensions }, respondentIds: ids, margins: surveyMargins, skipped };
}

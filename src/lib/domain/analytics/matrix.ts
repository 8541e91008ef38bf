/**
 * Columnar survey data.
 *
 * Answers are stored one typed array per question: Float64Array or
 * Float32Array (NaN = missing / "don't know"), or — the compact and fastest
 * layout for rating scales — Uint8Array holding integer answers 0..254 with
 * MISSING_U8 = 255 = missing. Weighting and grouping
 * variables are stored as small-integer category codes (Int8Array,
 * Int16Array or Int32Array, MISSING_CODE = -1 = missing).
 * No per-respondent objects are ever created.
 */
import { AnalyticsInputError } from './errors';

/** Category code meaning "value not known" on a dimension. */
export const MISSING_CODE = -1;

/** Missing-answer code of Uint8Array answer columns. */
export const MISSING_U8 = 255;

/** A column of answers; NaN (float arrays) or 255 (Uint8Array) marks a missing answer. */
export type AnswerArray = Float32Array | Float64Array | Uint8Array;

/** Answer i of a column as a number, NaN when missing (not for hot loops). */
export function answerAt(answers: AnswerArray, i: number): number {
	const y = answers[i] as number;
	return answers instanceof Uint8Array && y === MISSING_U8 ? Number.NaN : y;
}

/**
 * Convert a float answer column to the compact Uint8Array layout when every
 * answer is an integer 0..254 (NaN → 255). Returns null otherwise.
 */
export function toUint8Answers(answers: Float32Array | Float64Array): Uint8Array | null {
	const out = new Uint8Array(answers.length);
	for (let i = 0; i < answers.length; i++) {
		const y = answers[i] as number;
		if (y !== y) out[i] = MISSING_U8;
		else if (y >= 0 && y < MISSING_U8 && (y | 0) === y) out[i] = y;
		else return null;
	}
	return out;
}

/** A column of category codes; -1 marks a missing value. */
export type CodeArray = Int8Array | Int16Array | Int32Array;

/** One question column. */
export interface QuestionColumn {
	readonly id: string;
	readonly answers: AnswerArray;
}

/** One categorical column (weighting dimension or grouping variable). */
export interface DimensionColumn {
	readonly name: string;
	/** Category labels; code c refers to categories[c]. */
	readonly categories: readonly string[];
	readonly codes: CodeArray;
}

/** Columnar response matrix: n respondents, questions and dimensions. */
export interface ResponseMatrix {
	readonly n: number;
	readonly questions: readonly QuestionColumn[];
	readonly dimensions: readonly DimensionColumn[];
}

/**
 * Smallest signed typed array able to hold codes -1..categoryCount-1.
 * @param n number of respondents
 * @param categoryCount number of categories of the dimension
 */
export function allocateCodes(n: number, categoryCount: number): CodeArray {
	if (categoryCount <= 127) return new Int8Array(n);
	if (categoryCount <= 32767) return new Int16Array(n);
	return new Int32Array(n);
}

/**
 * Check that every code of a column is MISSING_CODE or a valid category index.
 * Throws an AnalyticsInputError naming the dimension, the code and the row.
 */
export function validateCodes(name: string, codes: CodeArray, categoryCount: number): void {
	for (let i = 0; i < codes.length; i++) {
		const c = codes[i] as number;
		if (c < MISSING_CODE || c >= categoryCount) {
			throw new AnalyticsInputError(`dimension "${name}": invalid category code ${c} at row ${i} (expected -1..${categoryCount - 1})`, {
				dimension: name,
				category: String(c)
			});
		}
	}
}

/**
 * Validate the shape of a response matrix: all columns have length n,
 * names are unique and category codes are in range.
 */
export function validateMatrix(m: ResponseMatrix): void {
	const seen = new Set<string>();
	for (const q of m.questions) {
		if (q.answers.length !== m.n) {
			throw new AnalyticsInputError(`question "${q.id}" has ${q.answers.length} answers, expected ${m.n}`);
		}
		if (seen.has(q.id)) throw new AnalyticsInputError(`duplicate question id "${q.id}"`);
		seen.add(q.id);
	}
	const dims = new Set<string>();
	for (const d of m.dimensions) {
		if (d.codes.length !== m.n) {
			throw new AnalyticsInputError(`dimension "${d.name}" has ${d.codes.length} codes, expected ${m.n}`, {
				dimension: d.name
			});
		}
		if (dims.has(d.name)) throw new AnalyticsInputError(`duplicate dimension "${d.name}"`, { dimension: d.name });
		dims.add(d.name);
		validateCodes(d.name, d.codes, d.categories.length);
	}
}

/**
 * Count the missing codes of a column.
 */
export function countMissing(codes: CodeArray): number {
	let missing = 0;
	for (let i = 0; i < codes.length; i++) if (codes[i] === MISSING_CODE) missing++;
	return missing;
}

/** Bytes used by the typed arrays of a matrix (answers + codes). */
export function matrixBytes(m: ResponseMatrix): { answers: number; codes: number } {
	let answers = 0;
	let codes = 0;
	for (const q of m.questions) answers += q.answers.byteLength;
	for (const d of m.dimensions) codes += d.codes.byteLength;
	return { answers, codes };
}

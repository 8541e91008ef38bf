/**
 * Collapse respondents to demographic cells: the cross-classification of
 * the category codes of several dimensions (missing = its own pseudo-category).
 * Raking then works on per-cell totals instead of per-respondent weights.
 */
import { AnalyticsInputError } from './errors';
import type { CodeArray } from './matrix';

/** Respondents collapsed to cells. */
export interface CellIndex {
	/** Dense cell id (0..cellCount-1) of every respondent. */
	readonly cellOf: Int32Array;
	readonly cellCount: number;
	/** Number of respondents in each cell. */
	readonly counts: Float64Array;
	/** codes[d][c] = category code (-1 = missing) of cell c on dimension d. */
	readonly codes: readonly Int32Array[];
}

/** Largest key range compacted through a lookup table (larger ranges use a Map). */
const DIRECT_LIMIT = 1 << 24;

/** Throw for a code outside -1..categoryCount-1. */
function invalidCode(name: string, code: number, row: number, categoryCount: number): never {
	throw new AnalyticsInputError(`dimension "${name}": invalid category code ${code} at row ${row} (expected -1..${categoryCount - 1})`, {
		dimension: name,
		category: String(code)
	});
}

/**
 * Re-key `keys` (values in 0..range-1) to dense ids numbered by first
 * appearance, in place. Returns the number of distinct keys.
 */
function compact(keys: Int32Array, range: number): number {
	const table = new Int32Array(range).fill(-1);
	let next = 0;
	for (let i = 0; i < keys.length; i++) {
		const k = keys[i] as number;
		let id = table[k] as number;
		if (id < 0) {
			id = next++;
			table[k] = id;
		}
		keys[i] = id;
	}
	return next;
}

/** Validate one code column. */
function validateColumn(codes: CodeArray, categoryCount: number, name: string): void {
	for (let i = 0; i < codes.length; i++) {
		const c = codes[i] as number;
		if (c < -1 || c >= categoryCount) invalidCode(name, c, i, categoryCount);
	}
}

/**
 * Combine dense ids with one more column through a Map (only when
 * cells × (categories + 1) exceeds the lookup-table limit). Returns the new
 * number of cells. Keys stay exact integers below 2^53 since cells ≤ n.
 */
function combineWithMap(keys: Int32Array, codes: CodeArray, radix: number): number {
	const map = new Map<number, number>();
	for (let i = 0; i < keys.length; i++) {
		const k = (keys[i] as number) * radix + (codes[i] as number) + 1;
		let id = map.get(k);
		if (id === undefined) {
			id = map.size;
			map.set(k, id);
		}
		keys[i] = id;
	}
	return map.size;
}

/** Append one code column to the keys (key·radix + code + 1), validating codes. */
function appendColumn(keys: Int32Array, codes: CodeArray, categoryCount: number, name: string): void {
	const radix = categoryCount + 1;
	for (let i = 0; i < keys.length; i++) {
		const c = codes[i] as number;
		if (c < -1 || c >= categoryCount) invalidCode(name, c, i, categoryCount);
		keys[i] = (keys[i] as number) * radix + c + 1;
	}
}

/**
 * Build the cell index of n respondents over the given code columns.
 * Keys are built as mixed-radix numbers (radix = categories + 1, missing = 0)
 * and compacted to dense ids (numbered by first appearance) only when the key
 * range would exceed the lookup-table limit, and once at the end: a few
 * dimensions cost one multiply-add pass each plus one compaction pass, and
 * any number of dimensions is supported. Throws AnalyticsInputError on a code
 * outside -1..categories-1.
 *
 * @param n number of respondents
 * @param columns category codes per dimension (-1 = missing)
 * @param categoryCounts number of categories per dimension
 * @param names dimension names for error messages
 */
export function buildCells(
	n: number,
	columns: readonly CodeArray[],
	categoryCounts: readonly number[],
	names: readonly string[] = []
): CellIndex {
	const cellOf = new Int32Array(n);
	let range = 1;
	columns.forEach((codes, d) => {
		const k = categoryCounts[d] as number;
		const name = names[d] ?? `#${d}`;
		if (range * (k + 1) > DIRECT_LIMIT) range = compact(cellOf, range);
		if (range * (k + 1) > DIRECT_LIMIT) {
			validateColumn(codes, k, name);
			range = combineWithMap(cellOf, codes, k + 1);
		} else {
			appendColumn(cellOf, codes, k, name);
			range *= k + 1;
		}
	});
	const cellCount = n > 0 ? compact(cellOf, range) : 0;
	const counts = new Float64Array(cellCount);
	const representative = new Int32Array(cellCount).fill(-1);
	for (let i = 0; i < n; i++) {
		const c = cellOf[i] as number;
		counts[c] = (counts[c] as number) + 1;
		if ((representative[c] as number) < 0) representative[c] = i;
	}
	const codes = columns.map((col) => {
		const out = new Int32Array(cellCount);
		for (let c = 0; c < cellCount; c++) out[c] = col[representative[c] as number] as number;
		return out;
	});
	return { cellOf, cellCount, counts, codes };
}

/**
 * Sum a per-respondent quantity by cell (e.g. base weights → cell masses).
 */
export function sumByCell(cells: CellIndex, values: Float64Array): Float64Array {
	const out = new Float64Array(cells.cellCount);
	const cellOf = cells.cellOf;
	for (let i = 0; i < cellOf.length; i++) {
		const c = cellOf[i] as number;
		out[c] = (out[c] as number) + (values[i] as number);
	}
	return out;
}

/**
 * Collapse respondents to demographic cells: the cross-classification of
 * the category codes of several dimensions (missing = its own pseudo-category).
 * Raking then works on per-cell totals instead of per-respondent weights.
 */
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

/** Largest lookup table used for direct (array-based) key compaction. */
const DIRECT_LIMIT = 1 << 24;

/**
 * Combine the current dense cell ids with one more code column and re-key
 * the result to dense ids numbered by first appearance. Returns the new
 * number of cells. Uses a lookup table when (cells · radix) is small, a Map
 * otherwise (keys stay exact integers below 2^53 since cells ≤ n).
 */
function combine(cellOf: Int32Array, codes: CodeArray, radix: number, cellCount: number): number {
	const size = cellCount * radix;
	let next = 0;
	if (size <= DIRECT_LIMIT) {
		const table = new Int32Array(size).fill(-1);
		for (let i = 0; i < cellOf.length; i++) {
			const k = (cellOf[i] as number) * radix + (codes[i] as number) + 1;
			let id = table[k] as number;
			if (id < 0) {
				id = next++;
				table[k] = id;
			}
			cellOf[i] = id;
		}
		return next;
	}
	const map = new Map<number, number>();
	for (let i = 0; i < cellOf.length; i++) {
		const k = (cellOf[i] as number) * radix + (codes[i] as number) + 1;
		let id = map.get(k);
		if (id === undefined) {
			id = next++;
			map.set(k, id);
		}
		cellOf[i] = id;
	}
	return next;
}

/**
 * Build the cell index of n respondents over the given code columns.
 * Dimensions are combined one at a time and compacted after each step, so
 * intermediate keys never exceed (cells so far)·(categories + 1) whatever the
 * number of dimensions. Cells are numbered in order of first appearance.
 *
 * @param n number of respondents
 * @param columns category codes per dimension (-1 = missing)
 * @param categoryCounts number of categories per dimension
 */
export function buildCells(n: number, columns: readonly CodeArray[], categoryCounts: readonly number[]): CellIndex {
	const cellOf = new Int32Array(n);
	let cellCount = n > 0 ? 1 : 0;
	columns.forEach((codes, d) => {
		cellCount = combine(cellOf, codes, (categoryCounts[d] as number) + 1, cellCount);
	});
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

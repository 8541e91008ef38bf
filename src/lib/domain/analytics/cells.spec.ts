import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCells, sumByCell } from './cells';

describe('buildCells', () => {
	it('cross-classifies two dimensions, missing being its own category', () => {
		const a = Int8Array.from([0, 1, 0, 1, -1, 0]);
		const b = Int8Array.from([1, 1, 1, 0, 0, -1]);
		const cells = buildCells(6, [a, b], [2, 2]);
		expect(cells.cellCount).toBe(5);
		expect(Array.from(cells.cellOf)).toEqual([0, 1, 0, 2, 3, 4]);
		expect(Array.from(cells.counts)).toEqual([2, 1, 1, 1, 1]);
		expect(Array.from(cells.codes[0] ?? [])).toEqual([0, 1, 1, -1, 0]);
		expect(Array.from(cells.codes[1] ?? [])).toEqual([1, 1, 0, 0, -1]);
	});

	it('handles no dimensions (one cell) and no respondents (no cell)', () => {
		expect(buildCells(3, [], []).cellCount).toBe(1);
		expect(buildCells(0, [new Int8Array(0)], [2]).cellCount).toBe(0);
	});

	it('handles many dimensions whose full product is astronomically large', () => {
		const n = 50;
		const cols = Array.from({ length: 12 }, (_, d) => Int16Array.from({ length: n }, (_, i) => (i * (d + 3)) % 1000));
		const cells = buildCells(n, cols, new Array<number>(12).fill(1000));
		expect(cells.cellCount).toBe(50);
	});

	it('property: respondents share a cell iff all their codes are equal', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.integer({ min: -1, max: 2 }), fc.integer({ min: -1, max: 3 })), { minLength: 1, maxLength: 40 }),
				(rows) => {
					const a = Int8Array.from(rows.map((r) => r[0]));
					const b = Int8Array.from(rows.map((r) => r[1]));
					const cells = buildCells(rows.length, [a, b], [3, 4]);
					for (let i = 0; i < rows.length; i++) {
						const ci = cells.cellOf[i] as number;
						expect(cells.codes[0]?.[ci]).toBe(a[i]);
						expect(cells.codes[1]?.[ci]).toBe(b[i]);
						for (let j = 0; j < rows.length; j++) {
							const same = a[i] === a[j] && b[i] === b[j];
							expect(cells.cellOf[j] === ci).toBe(same);
						}
					}
					expect(cells.counts.reduce((s, x) => s + x, 0)).toBe(rows.length);
				}
			)
		);
	});
});

describe('sumByCell', () => {
	it('sums values per cell', () => {
		const cells = buildCells(4, [Int8Array.from([0, 1, 0, 1])], [2]);
		expect(Array.from(sumByCell(cells, Float64Array.from([1, 2, 3, 4])))).toEqual([4, 6]);
	});
});

describe('buildCells with huge category counts', () => {
	it('falls back to a Map when cells × categories exceeds the lookup limit', () => {
		const n = 3000;
		const a = Int32Array.from({ length: n }, (_, i) => i);
		const b = Int32Array.from({ length: n }, (_, i) => (i * 7) % 9000);
		const cells = buildCells(n, [a, b], [n, 9000]);
		expect(cells.cellCount).toBe(n);
		expect(cells.codes[1]?.[5]).toBe(35);
	});
});

describe('buildCells validation', () => {
	it('rejects codes outside -1..K-1 naming the dimension and row', () => {
		expect(() => buildCells(3, [Int8Array.from([0, 2, 1])], [2], ['age'])).toThrow(
			'dimension "age": invalid category code 2 at row 1 (expected -1..1)'
		);
		expect(() => buildCells(2, [Int8Array.from([0, -2])], [2])).toThrow('dimension "#0": invalid category code -2 at row 1');
	});

	it('validates on the Map path too', () => {
		const n = 3000;
		const a = Int32Array.from({ length: n }, (_, i) => i);
		const b = Int32Array.from({ length: n }, (_, i) => (i === 7 ? 9000 : i));
		expect(() => buildCells(n, [a, b], [n, 9000], ['a', 'b'])).toThrow('dimension "b": invalid category code 9000 at row 7');
	});
});

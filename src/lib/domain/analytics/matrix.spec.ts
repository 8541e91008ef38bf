import { describe, expect, it } from 'vitest';
import { AnalyticsInputError } from './errors';
import {
	allocateCodes,
	answerAt,
	countMissing,
	matrixBytes,
	MISSING_CODE,
	MISSING_U8,
	toUint8Answers,
	validateCodes,
	validateMatrix
} from './matrix';

describe('allocateCodes', () => {
	it('chooses the smallest signed array', () => {
		expect(allocateCodes(3, 5)).toBeInstanceOf(Int8Array);
		expect(allocateCodes(3, 127)).toBeInstanceOf(Int8Array);
		expect(allocateCodes(3, 128)).toBeInstanceOf(Int16Array);
		expect(allocateCodes(3, 40000)).toBeInstanceOf(Int32Array);
		expect(allocateCodes(3, 5).length).toBe(3);
	});
});

describe('validateCodes / validateMatrix', () => {
	it('accepts valid codes including missing', () => {
		expect(() => validateCodes('age', Int8Array.from([0, 1, MISSING_CODE]), 2)).not.toThrow();
	});

	it('rejects out-of-range codes naming the dimension and row', () => {
		expect(() => validateCodes('age', Int8Array.from([0, 2]), 2)).toThrow(/dimension "age": invalid category code 2 at row 1/);
		expect(() => validateCodes('age', Int8Array.from([-2]), 2)).toThrow(AnalyticsInputError);
	});

	it('rejects columns of the wrong length and duplicate names', () => {
		const q = { id: 'q1', answers: new Float64Array(2) };
		expect(() => validateMatrix({ n: 3, questions: [q], dimensions: [] })).toThrow(/question "q1" has 2 answers/);
		expect(() => validateMatrix({ n: 2, questions: [q, q], dimensions: [] })).toThrow(/duplicate question id "q1"/);
		const d = { name: 'age', categories: ['a'], codes: new Int8Array(2) };
		expect(() => validateMatrix({ n: 3, questions: [], dimensions: [d] })).toThrow(/dimension "age" has 2 codes/);
		expect(() => validateMatrix({ n: 2, questions: [], dimensions: [d, d] })).toThrow(/duplicate dimension "age"/);
		expect(() => validateMatrix({ n: 2, questions: [q], dimensions: [d] })).not.toThrow();
	});
});

describe('countMissing / matrixBytes', () => {
	it('counts missing codes', () => {
		expect(countMissing(Int16Array.from([-1, 0, -1, 3]))).toBe(2);
	});

	it('sums typed-array sizes', () => {
		const m = {
			n: 4,
			questions: [{ id: 'q', answers: new Float32Array(4) }],
			dimensions: [{ name: 'd', categories: ['x'], codes: new Int8Array(4) }]
		};
		expect(matrixBytes(m)).toEqual({ answers: 16, codes: 4 });
	});
});

describe('Uint8Array answers', () => {
	it('answerAt maps 255 to NaN for Uint8Array only', () => {
		expect(answerAt(Uint8Array.from([3, MISSING_U8]), 1)).toBeNaN();
		expect(answerAt(Uint8Array.from([3, MISSING_U8]), 0)).toBe(3);
		expect(answerAt(Float64Array.from([255]), 0)).toBe(255);
		expect(answerAt(Float32Array.from([Number.NaN]), 0)).toBeNaN();
	});

	it('toUint8Answers converts integer columns and refuses others', () => {
		expect(Array.from(toUint8Answers(Float64Array.from([1, Number.NaN, 254, 0])) ?? [])).toEqual([1, 255, 254, 0]);
		expect(toUint8Answers(Float64Array.from([1.5]))).toBeNull();
		expect(toUint8Answers(Float32Array.from([255]))).toBeNull();
		expect(toUint8Answers(Float64Array.from([-1]))).toBeNull();
	});
});

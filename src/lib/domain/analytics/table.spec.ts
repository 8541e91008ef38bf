import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { importResponses, parseMarginsJson, type MarginsSpec } from './table';

const NAMES = { responses: 'responses.csv', margins: 'margins.json' };
const MARGINS: MarginsSpec = { age: { '18-34': 0.34, '35-54': 0.33, '55+': 0.33 }, district: { D1: 0.5, D2: 0.5 } };

function load(csv: string, margins: MarginsSpec = MARGINS) {
	return importResponses(parseCsv(csv), margins, NAMES);
}

describe('parseMarginsJson', () => {
	it('accepts a valid document', () => {
		expect(parseMarginsJson(JSON.stringify(MARGINS), 'm.json')).toEqual(MARGINS);
	});

	it('names the file and the dimension on errors', () => {
		expect(() => parseMarginsJson('{"age": ', 'margins.json')).toThrow(/^margins\.json: invalid JSON: /);
		expect(() => parseMarginsJson('[1]', 'margins.json')).toThrow('margins.json: expected an object');
		expect(() => parseMarginsJson('{}', 'margins.json')).toThrow('margins.json: expected an object');
		expect(() => parseMarginsJson('{"age": 3}', 'margins.json')).toThrow('margins.json: "age" must map category labels to shares');
		expect(() => parseMarginsJson('{"age": {"a": "0.5", "b": 0.5}}', 'margins.json')).toThrow(
			'margins.json: "age" category "a": share must be a number'
		);
		expect(() => parseMarginsJson('{"age": {"18-34": 0.34, "35-54": 0.33, "55+": 0.31}}', 'margins.json')).toThrow(
			'margins.json: "age" shares sum to 0.98, expected 1'
		);
		expect(() => parseMarginsJson('{"age": {"a": 1.5, "b": -0.5}}', 'margins.json')).toThrow(
			'margins.json: "age" category "b" has an invalid share -0.5'
		);
	});
});

describe('importResponses', () => {
	const csv = ['respondent_id,age,q1,comment,district,q2', 'r1,18-34,5,"great, really",D1,', 'r2,55+,3,meh,D2,1.5', 'r3,,4,,D1,2'].join(
		'\n'
	);

	it('builds the columnar matrix, skipping non-numeric columns', () => {
		const t = load(csv);
		expect(t.respondentIds).toEqual(['r1', 'r2', 'r3']);
		expect(t.skipped).toEqual(['comment']);
		expect(t.matrix.n).toBe(3);
		expect(t.matrix.questions.map((q) => q.id)).toEqual(['q1', 'q2']);
		expect(Array.from(t.matrix.questions[1]?.answers ?? [])).toEqual([Number.NaN, 1.5, 2]);
		expect(t.matrix.dimensions.map((d) => [d.name, d.categories, Array.from(d.codes)])).toEqual([
			['age', ['18-34', '35-54', '55+'], [0, 2, -1]],
			['district', ['D1', 'D2'], [0, 1, 0]]
		]);
		expect(t.margins).toEqual({ age: [0.34, 0.33, 0.33], district: [0.5, 0.5] });
	});

	it('treats a column with only empty values as a question without answers', () => {
		const t = load('respondent_id,age,district,q\nr1,55+,D1,\n');
		expect(t.matrix.questions.map((q) => q.id)).toEqual(['q']);
	});

	it('rejects an unknown category naming line, column and value', () => {
		expect(() => load('respondent_id,age,district\nr1,18-34,D1\nr2,17-,D1\n')).toThrow(
			'responses.csv: line 3: column "age": unknown category "17-" (expected one of 18-34, 35-54, 55+)'
		);
	});

	it('rejects missing columns', () => {
		expect(() => load('respondent_id,age\nr1,55+\n')).toThrow('responses.csv: missing column "district" named in margins.json');
		expect(() => load('id,age,district\nr1,55+,D1\n')).toThrow('responses.csv: missing column "respondent_id"');
	});

	it('rejects duplicate and empty respondent ids naming the line', () => {
		expect(() => load('respondent_id,age,district\nr1,55+,D1\nr2,55+,D1\nr1,55+,D2\n')).toThrow(
			'responses.csv: line 4: duplicate respondent_id "r1" (first seen on line 2)'
		);
		expect(() => load('respondent_id,age,district\n,55+,D1\n')).toThrow('responses.csv: line 2: empty respondent_id');
	});

	it('rejects ragged rows naming the line', () => {
		expect(() => load('respondent_id,age,district\nr1,55+,D1\nr2,55+\n')).toThrow('responses.csv: line 3: expected 3 fields, found 2');
	});

	it('rejects empty files, header-only files and duplicate columns', () => {
		expect(() => load('')).toThrow('responses.csv: empty file (no header line)');
		expect(() => load('respondent_id,age,district\n')).toThrow('responses.csv: no data rows');
		expect(() => load('respondent_id,age,age,district\n')).toThrow('responses.csv: line 1: duplicate column "age"');
	});

	it('only accepts finite decimal numbers as answers', () => {
		const t = load('respondent_id,age,district,a,b,c\nr1,55+,D1,1e400,NaN, 2.5e1 \n');
		expect(t.skipped).toEqual(['a', 'b']);
		expect(t.matrix.questions[0]?.answers[0]).toBe(25);
	});
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsvField, parseCsv } from './csv';

function fields(text: string): string[][] {
	return parseCsv(text).map((r) => r.fields);
}

describe('parseCsv', () => {
	it('parses plain LF and CRLF files with line numbers', () => {
		expect(parseCsv('a,b\n1,2\n3,4\n')).toEqual([
			{ line: 1, fields: ['a', 'b'] },
			{ line: 2, fields: ['1', '2'] },
			{ line: 3, fields: ['3', '4'] }
		]);
		expect(fields('a,b\r\n1,2\r\n')).toEqual([
			['a', 'b'],
			['1', '2']
		]);
		expect(fields('a\r1\r')).toEqual([['a'], ['1']]);
	});

	it('keeps empty cells, including trailing ones, and the last line without newline', () => {
		expect(fields('a,b,c\n1,,\n,2,3')).toEqual([
			['a', 'b', 'c'],
			['1', '', ''],
			['', '2', '3']
		]);
	});

	it('handles quoted fields with doubled quotes, commas and line breaks', () => {
		const r = parseCsv('"id","note"\n"r1","say ""hi"", then\nleave"\n"r2",""\n');
		expect(r).toEqual([
			{ line: 1, fields: ['id', 'note'] },
			{ line: 2, fields: ['r1', 'say "hi", then\nleave'] },
			{ line: 4, fields: ['r2', ''] }
		]);
	});

	it('skips empty lines but counts them, and strips a BOM', () => {
		expect(parseCsv('\uFEFFa\n\n1\r\n\r\n2\n')).toEqual([
			{ line: 1, fields: ['a'] },
			{ line: 3, fields: ['1'] },
			{ line: 5, fields: ['2'] }
		]);
		expect(parseCsv('')).toEqual([]);
	});

	it('reports malformed quoting with the line number', () => {
		expect(() => parseCsv('a\n"open\nstill')).toThrow('line 2: unterminated quoted field');
		expect(() => parseCsv('a,b\n1,"x"y\n')).toThrow('line 2: unexpected character after a closing quote');
		expect(() => parseCsv('a,b\n1,2\n3,x"y\n')).toThrow('line 3: quote inside an unquoted field');
	});

	it('property: formatCsvField round-trips arbitrary tables', () => {
		const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '1') });
		fc.assert(
			fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (rows) => {
				// Rows made of a single empty field would be blank lines; the 2+ columns avoid that.
				const text = rows.map((r) => r.map(formatCsvField).join(',')).join('\r\n');
				expect(fields(text)).toEqual(rows);
			})
		);
	});
});

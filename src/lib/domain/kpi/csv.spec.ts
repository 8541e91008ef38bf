import { describe, expect, it } from 'vitest';
import { parseReadingsCsv } from './csv';

describe('parseReadingsCsv', () => {
	it('reads date,value[,note] with an optional header and blank lines', () => {
		const r = parseReadingsCsv('date,value,note\n2025-01-01,42.5\n\n2025-02-01,44,"after the pilot, phase 1"\n');
		expect(r).toEqual({
			ok: true,
			rows: [
				{ line: 2, date: '2025-01-01', value: 42.5, note: '' },
				{ line: 4, date: '2025-02-01', value: 44, note: 'after the pilot, phase 1' }
			]
		});
	});

	it('reports every bad line by number and returns no rows', () => {
		const r = parseReadingsCsv('2025-01-01,1\n2025-13-01,2\n2025-02-01,abc\n2025-01-01,3\nonly-one-cell\n2025-03-01,4,a,b');
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);
		expect(r.errors[0]?.message).toMatch(/not a date/);
		expect(r.errors[1]?.message).toMatch(/not a number/);
		expect(r.errors[2]?.message).toMatch(/line 1/);
	});

	it('refuses an empty file', () => {
		expect(parseReadingsCsv('date,value\n')).toEqual({ ok: false, errors: [{ line: 1, message: 'The file has no readings.' }] });
	});
});

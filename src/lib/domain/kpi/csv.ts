/**
 * KPI readings from CSV: `date,value[,note]`, one reading per line, an optional header line.
 * Every bad line is reported by its number; the import is all or nothing (the caller stores the
 * rows only when there are no errors).
 */
import Papa from 'papaparse';

export interface CsvReading {
	line: number;
	date: string;
	value: number;
	note: string;
}

export interface CsvLineError {
	line: number;
	message: string;
}

export type CsvResult = { ok: true; rows: CsvReading[] } | { ok: false; errors: CsvLineError[] };

export const MAX_CSV_ROWS = 10_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function realDate(s: string): boolean {
	if (!ISO_DATE.test(s)) return false;
	const t = Date.parse(`${s}T00:00:00Z`);
	return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

/** Parses readings; `1,5` style decimals are refused (ambiguous with the separator). */
export function parseReadingsCsv(text: string): CsvResult {
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
	const rows: CsvReading[] = [];
	const errors: CsvLineError[] = [];
	const seen = new Map<string, number>();
	parsed.data.forEach((cells, i) => {
		const line = i + 1;
		if (cells.length === 1 && (cells[0] ?? '').trim() === '') return; // blank line
		const [rawDate = '', rawValue = '', ...rest] = cells.map((c) => c.trim());
		if (line === 1 && /^date$/i.test(rawDate)) return; // header
		if (cells.length < 2) return void errors.push({ line, message: 'Expected date,value[,note].' });
		if (cells.length > 3 && rest.slice(1).some((c) => c !== ''))
			return void errors.push({ line, message: 'Too many columns: quote a note that contains commas.' });
		if (!realDate(rawDate)) return void errors.push({ line, message: `"${rawDate.slice(0, 40)}" is not a date (YYYY-MM-DD).` });
		const value = rawValue === '' ? NaN : Number(rawValue);
		if (!Number.isFinite(value)) return void errors.push({ line, message: `"${rawValue.slice(0, 40)}" is not a number.` });
		const note = rest[0] ?? '';
		if (note.length > 500) return void errors.push({ line, message: 'The note is longer than 500 characters.' });
		const dup = seen.get(rawDate);
		if (dup !== undefined) return void errors.push({ line, message: `${rawDate} already appears on line ${dup}.` });
		seen.set(rawDate, line);
		rows.push({ line, date: rawDate, value, note });
	});
	if (rows.length + errors.length > MAX_CSV_ROWS)
		return { ok: false, errors: [{ line: MAX_CSV_ROWS + 1, message: `At most ${MAX_CSV_ROWS} lines.` }] };
	if (errors.length) return { ok: false, errors };
	if (rows.length === 0) return { ok: false, errors: [{ line: 1, message: 'The file has no readings.' }] };
	return { ok: true, rows };
}

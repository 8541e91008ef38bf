/**
 * Small RFC 4180 CSV parser: comma-separated fields, optional double-quoted
 * fields with doubled quotes ("") as escapes and embedded commas / line
 * breaks, CRLF or LF (or lone CR) record separators, optional UTF-8 BOM.
 * Completely empty lines are skipped. A quote inside an unquoted field, text
 * after a closing quote and an unterminated quoted field are errors naming
 * the line.
 */
import { AnalyticsInputError } from './errors';

/** One record and the 1-based physical line on which it starts. */
export interface CsvRecord {
	readonly line: number;
	readonly fields: string[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Mutable parser state. */
interface State {
	readonly text: string;
	pos: number;
	line: number;
}

/** Consume a record separator at pos (CRLF, LF or CR); returns whether one was found. */
function consumeNewline(s: State): boolean {
	const c = s.text.charCodeAt(s.pos);
	if (c === CR) {
		s.pos += s.text.charCodeAt(s.pos + 1) === LF ? 2 : 1;
	} else if (c === LF) {
		s.pos += 1;
	} else {
		return false;
	}
	s.line++;
	return true;
}

/** Parse a quoted field starting at the opening quote. */
function quotedField(s: State, recordLine: number): string {
	const startLine = s.line;
	let out = '';
	let from = ++s.pos;
	for (;;) {
		const q = s.text.indexOf('"', s.pos);
		if (q < 0) throw new AnalyticsInputError(`line ${startLine}: unterminated quoted field`, { line: recordLine });
		// Count line breaks inside the quoted text for accurate line numbers.
		for (let i = s.pos; i < q; i++) {
			const c = s.text.charCodeAt(i);
			if (c === LF || (c === CR && s.text.charCodeAt(i + 1) !== LF)) s.line++;
		}
		if (s.text.charCodeAt(q + 1) === QUOTE) {
			out += s.text.slice(from, q + 1);
			s.pos = from = q + 2;
			continue;
		}
		out += s.text.slice(from, q);
		s.pos = q + 1;
		const next = s.text.charCodeAt(s.pos);
		if (s.pos < s.text.length && next !== COMMA && next !== LF && next !== CR) {
			throw new AnalyticsInputError(`line ${s.line}: unexpected character after a closing quote`, { line: s.line });
		}
		return out;
	}
}

/** Parse an unquoted field up to the next comma or line break. */
function plainField(s: State): string {
	const start = s.pos;
	const text = s.text;
	while (s.pos < text.length) {
		const c = text.charCodeAt(s.pos);
		if (c === COMMA || c === LF || c === CR) break;
		if (c === QUOTE) throw new AnalyticsInputError(`line ${s.line}: quote inside an unquoted field`, { line: s.line });
		s.pos++;
	}
	return text.slice(start, s.pos);
}

/**
 * Parse CSV text into records (header included as the first record).
 * @throws AnalyticsInputError on malformed quoting
 */
export function parseCsv(input: string): CsvRecord[] {
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const s: State = { text, pos: 0, line: 1 };
	const records: CsvRecord[] = [];
	while (s.pos < text.length) {
		if (consumeNewline(s)) continue; // empty line
		const line = s.line;
		const fields: string[] = [];
		for (;;) {
			fields.push(text.charCodeAt(s.pos) === QUOTE ? quotedField(s, line) : plainField(s));
			if (text.charCodeAt(s.pos) === COMMA) {
				s.pos++;
				continue;
			}
			consumeNewline(s);
			break;
		}
		records.push({ line, fields });
	}
	return records;
}

/** Quote a field for CSV output when needed (comma, quote or line break). */
export function formatCsvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

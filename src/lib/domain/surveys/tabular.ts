/**
 * Responses as rows (exports) and rows as answers (imports): one column per question key, values
 * as labels or codes, and spreadsheet-formula injection neutralised in every exported cell.
 */
import { isEmpty, type AnswerValue } from './answers';
import { allQuestions, localize, questionOptions, type Question, type Questionnaire } from './questionnaire';

/**
 * Prefixes `'` to a cell a spreadsheet would read as a formula (`= + - @`, tab, CR). A plain
 * number such as `-3` is left alone: it is read as a number, never as a formula.
 */
export function neutralizeCell(s: string): string {
	if (/^[+-]?\d+(\.\d+)?$/.test(s)) return s;
	return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** The question columns of an export: every key of every version, newest version's order first. */
export function exportQuestions(versions: Pick<Questionnaire, 'sections'>[]): Question[] {
	const seen = new Map<string, Question>();
	for (const v of [...versions].reverse()) for (const q of allQuestions(v)) if (!seen.has(q.key)) seen.set(q.key, q);
	return [...seen.values()];
}

export type ValueMode = 'labels' | 'codes';

/** One answer as a cell (not yet neutralised): a label in `lang` or the code; lists joined by "; ". */
export function answerToCell(q: Question, v: AnswerValue | undefined, mode: ValueMode, lang = 'en'): string {
	if (v === undefined || isEmpty(v)) return '';
	const values = Array.isArray(v) ? v : [v];
	if (mode === 'codes') return values.map(String).join('; ');
	const opts = questionOptions(q);
	if (!opts.length || q.type === 'nps') return values.map(String).join('; ');
	return values
		.map((x) => {
			const o = opts.find((o) => o.code === String(x));
			return o ? localize(o.label, lang) : String(x);
		})
		.join('; ');
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

function matchOption(q: Question, cell: string): string | undefined {
	const n = norm(cell);
	for (const o of questionOptions(q)) {
		if (norm(o.code) === n) return o.code;
		if (Object.values(o.label).some((l) => norm(l) === n)) return o.code;
	}
	return undefined;
}

/**
 * A cell as an answer for `q`: codes or labels in any language; numbers as numbers; lists split
 * on `;`. An unknown label is passed through unchanged so validation names it.
 */
export function cellToAnswer(q: Question, cell: string): AnswerValue | undefined {
	const c = cell.trim();
	if (c === '') return undefined;
	switch (q.type) {
		case 'short_text':
		case 'long_text':
			return c;
		case 'number': {
			const n = Number(c);
			return Number.isFinite(n) ? n : c;
		}
		case 'multiple':
			return c
				.split(/\s*;\s*/)
				.filter(Boolean)
				.map((part) => matchOption(q, part) ?? part);
		case 'rating5':
		case 'nps': {
			const code = matchOption(q, c) ?? c;
			return /^\d+$/.test(code) ? Number(code) : code;
		}
		default:
			return matchOption(q, c) ?? c;
	}
}

/** Suggested column → question key mapping: a header equal to a key (case-insensitive) maps to it. */
export function autoMap(headers: string[], q: Pick<Questionnaire, 'sections'>): Record<string, string> {
	const keys = new Map(allQuestions(q).map((x) => [x.key.toLowerCase(), x.key]));
	const out: Record<string, string> = {};
	for (const h of headers) {
		const k = keys.get(h.trim().toLowerCase());
		if (k) out[h] = k;
	}
	return out;
}

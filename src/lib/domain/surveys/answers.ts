/**
 * Answers: branching (which questions a respondent sees) and validation against a questionnaire.
 * The same functions run on the server for every response and in the resident page's flow, so a
 * follow-up shown on a phone is exactly the one the server expects.
 */
import { allQuestions, type Condition, type LocalizedText, type Question, type Questionnaire } from './questionnaire';

/** A stored answer: a number (ratings, NPS, numbers), a code or text, or a list of codes. */
export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue>;

export const SHORT_TEXT_MAX = 500;
export const LONG_TEXT_MAX = 5000;

/** `null`, `undefined`, `''` and `[]` are "not answered". */
export function isEmpty(v: unknown): boolean {
	return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function asNumber(v: unknown): number | undefined {
	return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Does `value` (an earlier answer) satisfy `cond`? An unanswered question never does. */
export function matches(cond: Condition, value: AnswerValue | undefined): boolean {
	if (value === undefined || isEmpty(value)) return false;
	const wanted = Array.isArray(cond.value) ? cond.value : [cond.value];
	const given = Array.isArray(value) ? value : [value];
	const same = (a: string | number, b: string | number) => String(a) === String(b);
	switch (cond.op) {
		case 'eq':
			return given.some((g) => same(g, wanted[0]!));
		case 'neq':
			return !given.some((g) => same(g, wanted[0]!));
		case 'in':
			return given.some((g) => wanted.some((w) => same(g, w)));
		case 'lte':
		case 'gte': {
			const n = asNumber(value);
			const limit = Number(wanted[0]);
			if (n === undefined || !Number.isFinite(limit)) return false;
			return cond.op === 'lte' ? n <= limit : n >= limit;
		}
	}
}

/**
 * The questions a respondent with `answers` sees, in order. A question with a condition is
 * visible when the question it refers to is visible and its answer matches (so hiding cascades).
 */
export function visibleQuestions(q: Pick<Questionnaire, 'sections'>, answers: Record<string, unknown>): Question[] {
	const visible = new Set<string>();
	const out: Question[] = [];
	for (const qu of allQuestions(q)) {
		const c = qu.showIf;
		if (c && !(visible.has(c.key) && matches(c, answers[c.key] as AnswerValue | undefined))) continue;
		visible.add(qu.key);
		out.push(qu);
	}
	return out;
}

const MSG = {
	required: { en: 'This question needs an answer.', es: 'Esta pregunta necesita una respuesta.' },
	option: { en: 'Choose one of the options.', es: 'Elija una de las opciones.' },
	options: { en: 'Choose one or more of the options.', es: 'Elija una o más de las opciones.' },
	number: { en: 'Enter a number.', es: 'Escriba un número.' },
	whole: { en: 'Enter a whole number.', es: 'Escriba un número entero.' },
	text: { en: 'Enter text.', es: 'Escriba un texto.' },
	unknown: { en: 'This is not a question of this survey.', es: 'Esta no es una pregunta de esta encuesta.' }
} satisfies Record<string, LocalizedText>;

function between(min: number | undefined, max: number | undefined): LocalizedText {
	if (min !== undefined && max !== undefined)
		return { en: `Enter a number from ${min} to ${max}.`, es: `Escriba un número entre ${min} y ${max}.` };
	if (min !== undefined) return { en: `Enter a number of at least ${min}.`, es: `Escriba un número igual o mayor que ${min}.` };
	return { en: `Enter a number of at most ${max}.`, es: `Escriba un número igual o menor que ${max}.` };
}

function tooLong(n: number): LocalizedText {
	return { en: `Use at most ${n} characters.`, es: `Use como máximo ${n} caracteres.` };
}

/** Checks one non-empty value against its question; returns the normalized value or a message. */
export function checkValue(q: Question, v: unknown): { value: AnswerValue } | { error: LocalizedText } {
	switch (q.type) {
		case 'rating5': {
			if (q.dontKnow && v === 'dk') return { value: 'dk' };
			return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5 ? { value: v as number } : { error: MSG.option };
		}
		case 'nps':
			return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10 ? { value: v as number } : { error: MSG.option };
		case 'single':
		case 'district':
		case 'demographic':
			return typeof v === 'string' && q.options.some((o) => o.code === v) ? { value: v } : { error: MSG.option };
		case 'multiple': {
			if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && q.options.some((o) => o.code === x))) return { error: MSG.options };
			return { value: [...new Set(v as string[])] };
		}
		case 'short_text':
		case 'long_text': {
			if (typeof v !== 'string') return { error: MSG.text };
			const max = q.type === 'short_text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX;
			const text = v.trim();
			if (text.length > max) return { error: tooLong(max) };
			return { value: text };
		}
		case 'number': {
			const n = asNumber(v);
			if (n === undefined) return { error: MSG.number };
			if (q.integer && !Number.isInteger(n)) return { error: MSG.whole };
			if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) return { error: between(q.min, q.max) };
			return { value: n };
		}
	}
}

export interface AnswerCheck {
	ok: boolean;
	/** Question key → message in each language. */
	errors: Record<string, LocalizedText>;
	/** The answers to keep: visible questions only, normalized (trimmed text, unique codes). */
	answers: Answers;
}

/** A questionnaire's answer check, prepared once (per frozen version) and run per response. */
export type AnswerChecker = (answers: Record<string, unknown>) => AnswerCheck;

/**
 * Prepares the check of `validateAnswers` for `q`: the question order and the set of known keys
 * are worked out once, so a live version's checker can be cached and reused for every response.
 */
export function compileAnswerCheck(q: Pick<Questionnaire, 'sections'>): AnswerChecker {
	const questions = allQuestions(q);
	const known = new Set(questions.map((x) => x.key));
	return (answers) => {
		const errors: Record<string, LocalizedText> = {};
		const kept: Answers = {};
		const visible = new Set<string>();
		for (const qu of questions) {
			const c = qu.showIf;
			// Conditions read the kept (valid, visible) answers, never a rejected or hidden value.
			if (c && !(visible.has(c.key) && matches(c, kept[c.key]))) continue;
			visible.add(qu.key);
			const raw = answers[qu.key];
			if (isEmpty(raw) || (typeof raw === 'string' && raw.trim() === '' && (qu.type === 'short_text' || qu.type === 'long_text'))) {
				if (qu.required) errors[qu.key] = MSG.required;
				continue;
			}
			const r = checkValue(qu, raw);
			if ('error' in r) errors[qu.key] = r.error;
			else kept[qu.key] = r.value;
		}
		for (const k of Object.keys(answers)) if (!known.has(k)) errors[k] = MSG.unknown;
		return { ok: Object.keys(errors).length === 0, errors, answers: kept };
	};
}

/**
 * Validates `answers` against `q`: each value of the right type and one of the question's codes,
 * required only when visible, answers to hidden questions dropped, unknown keys refused.
 */
export function validateAnswers(q: Pick<Questionnaire, 'sections'>, answers: Record<string, unknown>): AnswerCheck {
	return compileAnswerCheck(q)(answers);
}

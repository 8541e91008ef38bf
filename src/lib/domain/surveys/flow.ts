/**
 * The resident page's flow without JavaScript: one page per section, answers of the other pages
 * carried in a hidden field as JSON (nothing is stored before the final submit, and the server
 * validates everything again then). Sections with no visible question are skipped.
 */
import { isEmpty, validateAnswers, visibleQuestions, type AnswerValue, type Answers } from './answers';
import type { LocalizedText, Question, Questionnaire, Section } from './questionnaire';

/** Form field name of a question's input. */
export const fieldName = (key: string) => `q.${key}`;

/** Converts the raw form values of one question into an answer (undefined when empty). */
export function coerceFormValue(q: Question, raw: string[]): AnswerValue | undefined {
	const values = raw.map((v) => v.trim()).filter((v) => v !== '');
	if (q.type === 'multiple') return values.length ? values : undefined;
	const v = raw.length ? (q.type === 'long_text' || q.type === 'short_text' ? raw[0]! : values[0]) : undefined;
	if (v === undefined || v.trim() === '') return undefined;
	if (q.type === 'rating5' || q.type === 'nps') return v === 'dk' ? v : /^\d+$/.test(v) ? Number(v) : v;
	if (q.type === 'number') {
		const n = Number(v.replace(',', '.'));
		return Number.isFinite(n) ? n : v;
	}
	return v;
}

/** The answers given on one section's form. */
export function sectionAnswers(section: Section, get: (name: string) => string[]): Answers {
	const out: Answers = {};
	for (const q of section.questions) {
		const v = coerceFormValue(q, get(fieldName(q.key)));
		if (v !== undefined) out[q.key] = v;
	}
	return out;
}

/** Reads the carried answers; anything that is not a plain answer map is ignored. */
export function decodeCarry(s: string | null | undefined): Answers {
	if (!s) return {};
	try {
		const v = JSON.parse(s) as unknown;
		if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
		const out: Answers = {};
		for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
			if (typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x))) out[k] = x;
			else if (Array.isArray(x) && x.every((y) => typeof y === 'string')) out[k] = x as string[];
		}
		return out;
	} catch {
		return {};
	}
}

export function encodeCarry(a: Answers): string {
	return JSON.stringify(a);
}

/** Indexes of the sections that have at least one question to show, given `answers`. */
export function visibleSections(q: Questionnaire, answers: Answers): number[] {
	const visible = new Set(visibleQuestions(q, answers).map((x) => x.key));
	return q.sections.flatMap((s, i) => (s.questions.some((x) => visible.has(x.key) || sameSectionCondition(s, x)) ? [i] : []));
}

function sameSectionCondition(s: Section, q: Question): boolean {
	return !!q.showIf && s.questions.some((x) => x.key === q.showIf!.key);
}

export interface PageQuestion {
	question: Question;
	/** Shown now (its condition holds, or it has none). */
	shown: boolean;
	/** Its condition refers to a question on this same page (the script toggles it live). */
	live: boolean;
}

/**
 * The questions of section `index` to render: the visible ones, plus follow-ups whose trigger is
 * on this page (rendered for no-JS use; hidden by the script until their condition holds).
 */
export function pageQuestions(q: Questionnaire, index: number, answers: Answers): PageQuestion[] {
	const section = q.sections[index];
	if (!section) return [];
	const visible = new Set(visibleQuestions(q, answers).map((x) => x.key));
	return section.questions
		.map((question) => ({ question, shown: visible.has(question.key), live: sameSectionCondition(section, question) }))
		.filter((p) => p.shown || p.live);
}

export type StepMove = 'next' | 'back' | 'submit';

export interface StepResult {
	/** Section index to render next (unchanged when there are errors). */
	index: number;
	answers: Answers;
	errors: Record<string, LocalizedText>;
	/** The whole questionnaire is answered and valid: store it. */
	done: boolean;
}

/**
 * One page's submit: merges the page's answers into the carried ones, validates the page (on
 * next/submit), and says which page comes next or that the response is complete.
 */
export function step(q: Questionnaire, index: number, carried: Answers, page: Answers, move: StepMove): StepResult {
	const section = q.sections[index];
	const answers: Answers = { ...carried };
	for (const qu of section?.questions ?? []) delete answers[qu.key];
	Object.assign(answers, page);
	const order = visibleSections(q, answers);
	const pos = order.indexOf(index);
	if (move === 'back') return { index: order[Math.max(0, pos - 1)] ?? order[0] ?? 0, answers, errors: {}, done: false };
	const check = validateAnswers(q, answers);
	const onPage = new Set(section?.questions.map((x) => x.key) ?? []);
	const pageErrors = Object.fromEntries(Object.entries(check.errors).filter(([k]) => onPage.has(k)));
	if (Object.keys(pageErrors).length) return { index, answers, errors: pageErrors, done: false };
	const nextIndex = order[pos + 1];
	if (nextIndex !== undefined) return { index: nextIndex, answers, errors: {}, done: false };
	if (!check.ok) {
		// An error on another page (e.g. a carried answer edited by hand): go to the first such page.
		const bad = q.sections.findIndex((s) => s.questions.some((x) => x.key in check.errors));
		const errors = Object.fromEntries(Object.entries(check.errors).filter(([k]) => q.sections[bad]?.questions.some((x) => x.key === k)));
		return { index: bad < 0 ? index : bad, answers, errors, done: false };
	}
	return { index, answers: check.answers, errors: {}, done: true };
}

/** "Section 2 of 3": the position of `index` among the sections shown for `answers`. */
export function progress(q: Questionnaire, index: number, answers: Answers): { current: number; total: number; last: boolean } {
	const order = visibleSections(q, answers);
	const pos = Math.max(0, order.indexOf(index));
	return { current: pos + 1, total: Math.max(order.length, 1), last: pos >= order.length - 1 };
}

/** The answer values of a question as strings, for refilling a form. */
export function formValues(v: AnswerValue | undefined): string[] {
	if (v === undefined || isEmpty(v)) return [];
	return Array.isArray(v) ? v : [String(v)];
}

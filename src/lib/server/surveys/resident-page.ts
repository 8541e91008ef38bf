/**
 * The resident page's steps, shared by /s/<slug>, /s/<slug>/<token> and the staff preview: the
 * state of one page (which section, the answers so far, messages in the page's language), read
 * from and written to plain form fields so the whole survey works without JavaScript.
 *
 * Answers travel between pages in a hidden `carry` field (JSON). Nothing is stored until the
 * last page is sent, and the server validates everything again then, so an edited carry field can
 * do no more than a resident could by answering differently.
 */
import { isLocale, type Locale } from '../../i18n';
import type { Answers } from '../../domain/surveys/answers';
import { decodeCarry, encodeCarry, progress, sectionAnswers, step, visibleSections, type StepMove } from '../../domain/surveys/flow';
import type { Questionnaire } from '../../domain/surveys/questionnaire';

export interface PageState {
	index: number;
	answers: Answers;
	carry: string;
	errors: Record<string, string>;
	uuid: string;
	lang: Locale;
	progress: { current: number; total: number; last: boolean };
	/** A message for the whole page (e.g. rate limited). */
	message?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The first page of a new response (a fresh response UUID, frozen in the form from now on). */
export function firstPage(q: Questionnaire, lang: Locale): PageState {
	const index = visibleSections(q, {})[0] ?? 0;
	return { index, answers: {}, carry: '{}', errors: {}, uuid: crypto.randomUUID(), lang, progress: progress(q, index, {}) };
}

export type StepOutcome = { done: false; page: PageState } | { done: true; answers: Answers; uuid: string; lang: Locale; page: PageState };

/** Applies one page's submit (`move`) to the posted `form`. */
export function residentStep(q: Questionnaire, form: FormData, move: StepMove, fallbackLang: Locale): StepOutcome {
	const get = (name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string');
	const langField = form.get('lang');
	const lang: Locale = isLocale(langField) ? langField : fallbackLang;
	const uuidField = String(form.get('uuid') ?? '');
	const uuid = UUID.test(uuidField) ? uuidField.toLowerCase() : crypto.randomUUID();
	const posted = Number(form.get('section'));
	const index = Number.isInteger(posted) && posted >= 0 && posted < q.sections.length ? posted : 0;
	const section = q.sections[index]!;
	const r = step(q, index, decodeCarry(String(form.get('carry') ?? '')), sectionAnswers(section, get), move);
	const page: PageState = {
		index: r.index,
		answers: r.answers,
		carry: encodeCarry(r.answers),
		errors: Object.fromEntries(Object.entries(r.errors).map(([k, m]) => [k, m[lang] ?? m.en])),
		uuid,
		lang,
		progress: progress(q, r.index, r.answers)
	};
	return r.done ? { done: true, answers: r.answers, uuid, lang, page } : { done: false, page };
}

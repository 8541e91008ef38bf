/**
 * Editing a draft questionnaire: pure operations on the JSON document, each returning a new,
 * valid document or throwing `survey.invalid_edit`. The form editor calls these today; a Yjs
 * binding can apply the same operations to a co-edited draft later.
 */
import { AppError } from '../errors';
import { fieldErrors } from '../validation';
import { questionnaire, type Question, type QuestionInput, type Questionnaire, type Section } from './questionnaire';

function invalid(message: string): never {
	throw new AppError('survey.invalid_edit', message);
}

/** Parses `doc` as a questionnaire, or throws `survey.invalid_edit` with the first problem. */
export function checkQuestionnaire(doc: unknown): Questionnaire {
	const r = questionnaire.safeParse(doc);
	if (r.success) return r.data;
	const fields = fieldErrors(r.error);
	const first = Object.values(fields)[0] ?? 'The questionnaire is not valid.';
	throw new AppError('survey.invalid_edit', first, { fields });
}

function locate(q: Questionnaire, key: string): { s: number; i: number } {
	for (let s = 0; s < q.sections.length; s++) {
		const i = q.sections[s]!.questions.findIndex((x) => x.key === key);
		if (i >= 0) return { s, i };
	}
	return invalid(`There is no question "${key}".`);
}

function dependents(q: Questionnaire, key: string): string[] {
	return q.sections.flatMap((s) => s.questions.filter((x) => x.showIf?.key === key).map((x) => x.key));
}

/** Adds `question` to section `sectionId` at `index` (default: the end). */
export function addQuestion(q: Questionnaire, sectionId: string, question: QuestionInput, index?: number): Questionnaire {
	const next = structuredClone(q);
	const section = next.sections.find((s) => s.id === sectionId) ?? invalid(`There is no section "${sectionId}".`);
	const at = index === undefined ? section.questions.length : Math.max(0, Math.min(index, section.questions.length));
	section.questions.splice(at, 0, question as Question);
	return checkQuestionnaire(next);
}

/**
 * Replaces the question `key` with `question`. A changed key is carried into the conditions of
 * the questions that depend on it.
 */
export function updateQuestion(q: Questionnaire, key: string, question: QuestionInput): Questionnaire {
	const next = structuredClone(q);
	const { s, i } = locate(next, key);
	next.sections[s]!.questions[i] = question as Question;
	if (question.key !== key)
		for (const sec of next.sections) for (const x of sec.questions) if (x.showIf?.key === key) x.showIf.key = question.key;
	return checkQuestionnaire(next);
}

/**
 * Moves question `key` by `delta` places (−1 up, +1 down), across section boundaries at the
 * ends of a section. A move that would put a follow-up before its trigger is refused.
 */
export function moveQuestion(q: Questionnaire, key: string, delta: number): Questionnaire {
	const next = structuredClone(q);
	const { s, i } = locate(next, key);
	const section = next.sections[s]!;
	const [item] = section.questions.splice(i, 1);
	const target = i + delta;
	if (target >= 0 && target <= section.questions.length) section.questions.splice(target, 0, item!);
	else if (target < 0 && s > 0) next.sections[s - 1]!.questions.push(item!);
	else if (target > section.questions.length && s < next.sections.length - 1) next.sections[s + 1]!.questions.unshift(item!);
	else section.questions.splice(i, 0, item!);
	return checkQuestionnaire(next);
}

/** Removes question `key`; refused while another question's condition refers to it. */
export function removeQuestion(q: Questionnaire, key: string): Questionnaire {
	const deps = dependents(q, key);
	if (deps.length)
		invalid(`"${key}" cannot be removed: ${deps.map((d) => `"${d}"`).join(', ')} depend(s) on it. Change their condition first.`);
	const next = structuredClone(q);
	const { s, i } = locate(next, key);
	next.sections[s]!.questions.splice(i, 1);
	return checkQuestionnaire(next);
}

/** Adds an empty section at the end. */
export function addSection(q: Questionnaire, section: Omit<Section, 'questions'>): Questionnaire {
	const next = structuredClone(q);
	next.sections.push({ ...section, questions: [] });
	return checkQuestionnaire(next);
}

/** Changes a section's title or kind. */
export function updateSection(q: Questionnaire, id: string, patch: Pick<Section, 'title' | 'kind'>): Questionnaire {
	const next = structuredClone(q);
	const section = next.sections.find((s) => s.id === id) ?? invalid(`There is no section "${id}".`);
	section.title = patch.title;
	section.kind = patch.kind;
	return checkQuestionnaire(next);
}

/** Removes an empty section (move or remove its questions first). */
export function removeSection(q: Questionnaire, id: string): Questionnaire {
	const section = q.sections.find((s) => s.id === id) ?? invalid(`There is no section "${id}".`);
	if (section.questions.length) invalid('Only an empty section can be removed: move or remove its questions first.');
	if (q.sections.length === 1) invalid('A questionnaire needs at least one section.');
	return checkQuestionnaire({ ...structuredClone(q), sections: q.sections.filter((s) => s.id !== id) });
}

/** Moves section `id` by `delta` places. */
export function moveSection(q: Questionnaire, id: string, delta: number): Questionnaire {
	const next = structuredClone(q);
	const i = next.sections.findIndex((s) => s.id === id);
	if (i < 0) invalid(`There is no section "${id}".`);
	const target = Math.max(0, Math.min(next.sections.length - 1, i + delta));
	const [item] = next.sections.splice(i, 1);
	next.sections.splice(target, 0, item!);
	return checkQuestionnaire(next);
}

/** Sets the questionnaire's title and introduction. */
export function updateMeta(q: Questionnaire, patch: Pick<Questionnaire, 'title' | 'intro'>): Questionnaire {
	return checkQuestionnaire({ ...structuredClone(q), title: patch.title, intro: patch.intro });
}

/**
 * The editor's operations as data (what a form posts, what the live editor applies locally) and
 * `applyOp`, which turns one into a pure edit of the questionnaire (domain/surveys/edit). Shared
 * by the server (no-JS forms) and the browser (the co-edited draft).
 */
import { z } from 'zod';
import { AppError } from '../errors';
import * as edit from './edit';
import { questionFromForm } from './edit-form';
import { libraryQuestion } from './library';
import { SECTION_KINDS, type Option, type Questionnaire } from './questionnaire';

const str = z.string().max(5000).default('');
const delta = z.coerce.number().int().min(-1).max(1);
const sectionFields = { kind: z.enum(SECTION_KINDS).default('core'), title_en: str, title_es: str };

export const editOp = z.discriminatedUnion('op', [
	z.object({ op: z.literal('saveQuestion'), originalKey: str, sectionId: z.string().min(1), fields: z.record(z.string(), z.string()) }),
	z.object({ op: z.literal('addLibrary'), sectionId: z.string().min(1), key: z.string().min(1) }),
	z.object({ op: z.literal('removeQuestion'), key: z.string().min(1) }),
	z.object({ op: z.literal('moveQuestion'), key: z.string().min(1), delta }),
	z.object({ op: z.literal('addSection'), id: z.string().min(1).max(40), ...sectionFields }),
	z.object({ op: z.literal('saveSection'), id: z.string().min(1), ...sectionFields }),
	z.object({ op: z.literal('removeSection'), id: z.string().min(1) }),
	z.object({ op: z.literal('moveSection'), id: z.string().min(1), delta }),
	z.object({ op: z.literal('meta'), title_en: str, title_es: str, intro_en: str, intro_es: str })
]);
export type EditOp = z.infer<typeof editOp>;

const text = (en: string, es: string) => ({ en, es });

/** Applies one operation to `q` (pure; throws `survey.invalid_edit`). */
export function applyOp(q: Questionnaire, op: EditOp, districts: Option[]): Questionnaire {
	switch (op.op) {
		case 'saveQuestion': {
			const question = questionFromForm(op.fields, districts);
			return op.originalKey ? edit.updateQuestion(q, op.originalKey, question) : edit.addQuestion(q, op.sectionId, question);
		}
		case 'addLibrary': {
			const question = libraryQuestion(op.key);
			if (!question) throw new AppError('survey.invalid_edit', `"${op.key}" is not in the library.`);
			if (question.type === 'district') question.options = districts;
			if (question.showIf && !q.sections.some((s) => s.questions.some((x) => x.key === question.showIf!.key))) delete question.showIf;
			return edit.addQuestion(q, op.sectionId, question);
		}
		case 'removeQuestion':
			return edit.removeQuestion(q, op.key);
		case 'moveQuestion':
			return edit.moveQuestion(q, op.key, op.delta);
		case 'addSection':
			return edit.addSection(q, { id: op.id, kind: op.kind, title: text(op.title_en, op.title_es) });
		case 'saveSection':
			return edit.updateSection(q, op.id, { kind: op.kind, title: text(op.title_en, op.title_es) });
		case 'removeSection':
			return edit.removeSection(q, op.id);
		case 'moveSection':
			return edit.moveSection(q, op.id, op.delta);
		case 'meta':
			return edit.updateMeta(q, {
				title: text(op.title_en, op.title_es),
				intro: op.intro_en || op.intro_es ? text(op.intro_en, op.intro_es) : undefined
			});
	}
}

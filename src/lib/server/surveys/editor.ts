/**
 * The draft questionnaire editor's use-cases: each operation is a pure edit (domain/surveys/edit)
 * applied to the stored draft in one transaction; refused once the draft is frozen.
 */
import { z } from 'zod';
import type { Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import * as edit from '../../domain/surveys/edit';
import { questionFromForm } from '../../domain/surveys/edit-form';
import { libraryQuestion } from '../../domain/surveys/library';
import { SECTION_KINDS, type Option, type Questionnaire } from '../../domain/surveys/questionnaire';
import { isEditable } from '../../domain/surveys/status';
import { parse } from '../../domain/validation';
import type { Database_ } from '../db/client';
import { surveyRepo, type SurveyRow } from './repository';

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

export function createSurveyEditor(deps: {
	database: Database_;
	row: (actor: Actor, id: string, action: 'survey.design') => SurveyRow;
	districts: (actor: Actor) => Option[];
}) {
	const { tx } = deps.database;
	return {
		/** Applies `input` (an `EditOp`) to the draft of survey `id`; returns the new draft. */
		apply(actor: Actor, id: string, input: unknown): Questionnaire {
			const op = parse(editOp, input);
			const districts = deps.districts(actor);
			return tx((t) => {
				const s = deps.row(actor, id, 'survey.design');
				if (!isEditable(s.status)) throw new AppError('survey.locked', 'This questionnaire is frozen. Start a new version to change it.');
				const next = applyOp(s.draft as Questionnaire, op, districts);
				surveyRepo.update(t, actor.organizationId, id, { draft: next });
				return next;
			});
		}
	};
}

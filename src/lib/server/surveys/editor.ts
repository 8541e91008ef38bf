/**
 * The draft questionnaire editor's use-cases: each operation is a pure edit (domain/surveys/edit)
 * applied to the stored draft in one transaction; refused once the draft is frozen.
 */
import type { Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import { applyOp, editOp } from '../../domain/surveys/edit-ops';
import type { Option, Questionnaire } from '../../domain/surveys/questionnaire';
import { writeDraft } from '../../domain/surveys/doc';
import { isEditable } from '../../domain/surveys/status';
import type { LiveDocs } from '../docs/live';
import { parse } from '../../domain/validation';
import type { Database_ } from '../db/client';
import { surveyRepo, type SurveyRow } from './repository';

export { applyOp, editOp, type EditOp } from '../../domain/surveys/edit-ops';

export function createSurveyEditor(deps: {
	database: Database_;
	row: (actor: Actor, id: string, action: 'survey.design') => SurveyRow;
	districts: (actor: Actor) => Option[];
	/** The co-edited document, when the survey has one: forms change it like any other editor. */
	draftDoc?: (surveyId: string) => string | null;
	currentDraft?: (s: SurveyRow) => Questionnaire;
	live?: () => LiveDocs;
}) {
	const { tx } = deps.database;
	return {
		/** Applies `input` (an `EditOp`) to the draft of survey `id`; returns the new draft. */
		apply(actor: Actor, id: string, input: unknown): Questionnaire {
			const op = parse(editOp, input);
			const districts = deps.districts(actor);
			const s = deps.row(actor, id, 'survey.design');
			if (!isEditable(s.status)) throw new AppError('survey.locked', 'This questionnaire is frozen. Start a new version to change it.');
			const name = deps.draftDoc?.(id) ?? null;
			if (name && deps.currentDraft && deps.live) {
				// The document is the source of truth: the change goes through it (stored, relayed to open
				// editors), and the draft row follows at once (the projection would write the same).
				const next = applyOp(deps.currentDraft(s), op, districts);
				deps.live().change(name, (doc) => writeDraft(doc, next));
				surveyRepo.update(deps.database.db, actor.organizationId, id, { draft: next, title: next.title.en });
				return next;
			}
			return tx((t) => {
				const fresh = deps.row(actor, id, 'survey.design');
				if (!isEditable(fresh.status))
					throw new AppError('survey.locked', 'This questionnaire is frozen. Start a new version to change it.');
				const next = applyOp(fresh.draft as Questionnaire, op, districts);
				surveyRepo.update(t, actor.organizationId, id, { draft: next, title: next.title.en });
				return next;
			});
		}
	};
}

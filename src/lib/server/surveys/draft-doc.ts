/**
 * The co-edited draft (`questionnaire:<surveyId>`): registered and seeded from the survey's
 * `draft` JSON on the server, once, in one transaction (two clients opening it at the same moment
 * get the same document, never two copies of the questionnaire), and projected back into
 * `surveys.draft` so approval, preview, versions and exports keep reading `draft`.
 */
import * as Y from 'yjs';
import { readDraft, sameJson, writeDraft } from '../../domain/surveys/doc';
import { questionnaire, type Questionnaire } from '../../domain/surveys/questionnaire';
import { isEditable } from '../../domain/surveys/status';
import { docName, parseDocName } from '../../sync/protocol';
import type { Database_ } from '../db/client';
import { docRepo, type DocRow } from '../docs/repository';
import { surveyRepo, type SurveyRow } from './repository';

export const draftDocName = (surveyId: string) => docName('questionnaire', surveyId);

/**
 * The draft document of survey `surveyId` in `organizationId`, created and seeded from the
 * stored draft if it does not exist yet; null when there is no such survey in that organization.
 */
export function ensureDraftDoc(database: Database_, organizationId: string, surveyId: string): { doc: DocRow; survey: SurveyRow } | null {
	return database.tx((t) => {
		const survey = surveyRepo.get(t, organizationId, surveyId);
		if (!survey) return null;
		const name = draftDocName(surveyId);
		const existing = docRepo.get(t, name);
		if (existing) return existing.organizationId === organizationId ? { doc: existing, survey } : null;
		const row = { name, organizationId, kind: 'questionnaire' as const, title: survey.title, createdBy: survey.createdBy };
		docRepo.insert(t, row);
		const ydoc = new Y.Doc();
		writeDraft(ydoc, survey.draft as Questionnaire);
		docRepo.appendInitialUpdate(t, name, Y.encodeStateAsUpdate(ydoc));
		ydoc.destroy();
		return { doc: docRepo.get(t, name)!, survey };
	});
}

/** Whether the draft document of `survey` may be changed now: only while the survey is a draft. */
export function draftWritable(survey: Pick<SurveyRow, 'status'>): boolean {
	return isEditable(survey.status);
}

/**
 * The projection: writes the document's questionnaire into `surveys.draft` (and the English title
 * into `surveys.title`) when it is valid, differs from what is stored and the survey is still a
 * draft. Idempotent. An invalid state (two people added the same key at once) is left in the
 * document for the editor to show; `draft` keeps the last valid one. Returns whether it wrote.
 */
export function projectDraft(database: Database_, name: string, ydoc: Y.Doc): boolean {
	const parsed = parseDocName(name);
	if (!parsed || parsed.kind !== 'questionnaire') return false;
	const r = questionnaire.safeParse(readDraft(ydoc));
	if (!r.success) return false;
	return database.tx((t) => {
		const doc = docRepo.get(t, name);
		if (!doc) return false;
		const survey = surveyRepo.get(t, doc.organizationId, parsed.id);
		if (!survey || !draftWritable(survey) || sameJson(survey.draft, r.data)) return false;
		surveyRepo.update(t, doc.organizationId, survey.id, { draft: r.data, title: r.data.title.en });
		return true;
	});
}

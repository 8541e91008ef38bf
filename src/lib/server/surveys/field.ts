/**
 * Field intercept mode (kiosk): what a staff phone or tablet needs to collect responses face to
 * face, offline: the live version's questionnaire, frozen, and where to send each response.
 */
import { can, type Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import type { Questionnaire } from '../../domain/surveys/questionnaire';
import type { Database_ } from '../db/client';
import { versionRepo, type SurveyRow } from './repository';

export interface FieldSurvey {
	id: string;
	title: string;
	/** The live version, frozen: the device keeps this copy and validates against it. */
	versionId: string;
	versionNumber: number;
	questionnaire: Questionnaire;
	/** Where queued responses go (idempotent on their uuid). */
	postUrl: string;
}

export function createFieldMode(deps: { database: Database_; row: (actor: Actor, id: string, action: 'survey.read') => SurveyRow }) {
	const { db } = deps.database;
	return {
		/** The live questionnaire for field mode; staff who may collect, live surveys only. */
		open(actor: Actor, id: string): FieldSurvey {
			const s = deps.row(actor, id, 'survey.read');
			if (!can(actor, 'survey.collect', s)) throw new AppError('auth.forbidden', 'Your role may not collect responses in field mode.');
			if (s.status === 'closed') throw new AppError('survey.closed', 'This survey is closed.');
			const v = s.status === 'live' && s.liveVersionId ? versionRepo.get(db, s.liveVersionId) : undefined;
			if (!v) throw new AppError('survey.not_open', 'Field mode opens once the survey is live.');
			return {
				id: s.id,
				title: s.title,
				versionId: v.id,
				versionNumber: v.number,
				questionnaire: v.questionnaire as Questionnaire,
				postUrl: `/api/v1/surveys/${s.id}/responses`
			};
		}
	};
}

/**
 * The experience dashboard of one experience survey: its satisfaction, effort and NPS by period,
 * and the organization's experience surveys by department, service and channel (the surveys'
 * tags). Loads the answers, then `domain/results/experience.ts` does the statistics.
 * validate → can() → domain → repository scoped by organization, like the other services.
 */
import { can, type Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import { experienceDashboard, type ExperienceDashboard, type ExperienceRecord } from '../../domain/results/experience';
import { scalePoint } from '../../domain/results/matrix';
import { allQuestions, type Questionnaire } from '../../domain/surveys/questionnaire';
import type { Database_ } from '../db/client';
import { responseRepo, surveyRepo, versionRepo, type SurveyRow } from '../surveys/repository';

/** The question keys that carry each measure in a questionnaire (null when it has none). */
export interface MeasureKeys {
	satisfaction: string | null;
	effort: string | null;
	nps: string | null;
}

/**
 * The library's keys (`csat`, `effort`, `nps`) when present; otherwise the first 1–5 rating other
 * than `effort` is satisfaction and the first 0–10 question is NPS.
 */
export function measureKeys(q: Questionnaire): MeasureKeys {
	const qs = allQuestions(q);
	const rating = qs.filter((x) => x.type === 'rating5');
	return {
		satisfaction: (rating.find((x) => x.key === 'csat') ?? rating.find((x) => x.key !== 'effort'))?.key ?? null,
		effort: rating.find((x) => x.key === 'effort')?.key ?? null,
		nps: (qs.find((x) => x.type === 'nps' && x.key === 'nps') ?? qs.find((x) => x.type === 'nps'))?.key ?? null
	};
}

export interface ExperienceSurveyRef {
	id: string;
	title: string;
	department: string | null;
	service: string | null;
	channel: string | null;
	responses: number;
}

export interface ExperienceResults extends ExperienceDashboard {
	survey: ExperienceSurveyRef;
	measures: MeasureKeys;
	/** The organization's experience surveys in the department / service / channel views. */
	surveys: ExperienceSurveyRef[];
}

export function createExperienceService(deps: { database: Database_ }) {
	const { db } = deps.database;

	function questionnaireOf(s: SurveyRow): Questionnaire {
		const v = (s.liveVersionId && versionRepo.get(db, s.liveVersionId)) || versionRepo.latest(db, s.id);
		return (v ? v.questionnaire : s.draft) as Questionnaire;
	}

	function recordsOf(s: SurveyRow): { keys: MeasureKeys; records: ExperienceRecord[] } {
		const keys = measureKeys(questionnaireOf(s));
		const tags = { department: s.department || null, service: s.service || null, channel: s.channel || null };
		const records: ExperienceRecord[] = [];
		for (const r of responseRepo.iterate(db, s.organizationId, s.id)) {
			const a = r.answers as Record<string, unknown>;
			records.push({
				at: r.submittedAt.getTime(),
				satisfaction: keys.satisfaction ? scalePoint(a[keys.satisfaction], 'rating5') : null,
				effort: keys.effort ? scalePoint(a[keys.effort], 'rating5') : null,
				nps: keys.nps ? scalePoint(a[keys.nps], 'nps') : null,
				tags
			});
		}
		return { keys, records };
	}

	const ref = (s: SurveyRow, responses: number): ExperienceSurveyRef => ({
		id: s.id,
		title: s.title,
		department: s.department || null,
		service: s.service || null,
		channel: s.channel || null,
		responses
	});

	return {
		experience(actor: Actor, surveyId: string): ExperienceResults {
			const s = surveyRepo.get(db, actor.organizationId, surveyId);
			if (!s) throw new AppError('survey.not_found', 'No such survey in your organization.');
			if (!can(actor, 'results.read', s)) throw new AppError('auth.forbidden', 'You do not have permission to do that.');
			if (s.kind !== 'experience')
				throw new AppError('validation.failed', 'Only experience surveys have an experience dashboard; use the results dashboard.');
			const own = recordsOf(s);
			const all = [...own.records];
			const surveys = [ref(s, own.records.length)];
			for (const other of surveyRepo.list(db, actor.organizationId)) {
				if (other.id === s.id || other.kind !== 'experience' || !can(actor, 'results.read', other)) continue;
				const { records } = recordsOf(other);
				if (!records.length) continue;
				all.push(...records);
				surveys.push(ref(other, records.length));
			}
			return { survey: surveys[0]!, measures: own.keys, surveys, ...experienceDashboard(own.records, all) };
		}
	};
}

export type ExperienceService = ReturnType<typeof createExperienceService>;

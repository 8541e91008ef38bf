/**
 * Survey results: responses → columnar matrix → raking to the survey's population margins →
 * per-question estimates, NPS, comparison with the previous cycle (BH FDR flags), highest and
 * lowest. validate → can() → domain → repo, like the other services.
 */
import { can, type Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import { weightingOf, type Weighting } from './weighting';
import { checkMargins, populationShares, type MarginsSpec } from '../../domain/results/margins';
import { buildMatrix, matrixLayout, type DimensionSpec } from '../../domain/results/matrix';
import { buildReport, type PreviousResult, type QuestionReport } from '../../domain/results/report';
import { allQuestions, type Questionnaire } from '../../domain/surveys/questionnaire';
import { districtRepo } from '../accounts/repository';
import type { Database_ } from '../db/client';
import { responseRepo, surveyRepo, versionRepo, type SurveyRow } from '../surveys/repository';
import { focusAreaNames, marginsRepo } from './repository';

export interface SurveyResults {
	survey: { id: string; title: string; kind: string; status: string };
	responses: number;
	previousSurvey: { id: string; title: string } | null;
	dimensions: DimensionSpec[];
	weighting: Weighting;
	questions: QuestionReport[];
	highest: string[];
	lowest: string[];
	/** Questions whose difference from the previous cycle is significant after FDR control. */
	deviations: string[];
}

export function createResultsService(deps: { database: Database_ }) {
	const { db } = deps.database;

	function load(actor: Actor, id: string): SurveyRow {
		const s = surveyRepo.get(db, actor.organizationId, id);
		if (!s) throw new AppError('survey.not_found', 'No such survey in your organization.');
		if (!can(actor, 'results.read', s)) throw new AppError('auth.forbidden', 'You do not have permission to do that.');
		return s;
	}

	function questionnaireOf(s: SurveyRow): Questionnaire {
		const v = (s.liveVersionId && versionRepo.get(db, s.liveVersionId)) || versionRepo.latest(db, s.id);
		return (v ? v.questionnaire : s.draft) as Questionnaire;
	}

	function layoutOf(s: SurveyRow) {
		const names = focusAreaNames(db, s.organizationId);
		const layout = matrixLayout(allQuestions(questionnaireOf(s)));
		const scored = layout.scored.map((q) => ({ ...q, focusArea: names.get(q.focusArea) ?? q.focusArea }));
		return { scored, dimensions: layout.dimensions };
	}

	/** Stored margins, with district shares defaulting from district populations. */
	function marginsOf(s: SurveyRow, dims: readonly DimensionSpec[]): MarginsSpec {
		const stored = { ...(marginsRepo.get(db, s.organizationId, s.id) ?? {}) };
		const district = dims.find((d) => d.name === 'district');
		if (district && !stored.district) {
			const pops = districtRepo.list(db, s.organizationId).filter((d) => district.categories.includes(d.code));
			const shares = pops.length === district.categories.length ? populationShares(pops) : undefined;
			if (shares) stored.district = shares;
		}
		return stored;
	}

	function analyze(s: SurveyRow, previous: ReadonlyMap<string, PreviousResult>) {
		const layout = layoutOf(s);
		const responses = [...responseRepo.iterate(db, s.organizationId, s.id)];
		const matrix = buildMatrix(
			layout,
			responses.map((r) => r.answers as Record<string, unknown>)
		);
		const weighting = weightingOf(matrix, layout.dimensions, marginsOf(s, layout.dimensions));
		const ids = responses.map((r) => r.id);
		return { layout, matrix, weighting, ids, report: buildReport(matrix, layout.scored, weighting.weights, previous) };
	}

	/** The organization's most recent closed survey of the same kind, other than `s`. */
	function previousOf(s: SurveyRow): SurveyRow | undefined {
		const time = (r: SurveyRow) => (r.closesAt ?? r.updatedAt).getTime();
		return surveyRepo
			.list(db, s.organizationId)
			.filter((r) => r.id !== s.id && r.kind === s.kind && r.status === 'closed')
			.sort((a, b) => time(b) - time(a))[0];
	}

	function previousResults(s: SurveyRow): Map<string, PreviousResult> {
		const p = previousOf(s);
		const out = new Map<string, PreviousResult>();
		if (!p) return out;
		for (const q of analyze(p, new Map()).report.questions) {
			const e = q.weighted;
			if (e.n > 0 && e.percentPositive !== null) {
				out.set(q.key, { surveyId: p.id, title: p.title, percentPositive: e.percentPositive, n: e.n, deff: e.deff ?? 1 });
			}
		}
		return out;
	}

	return {
		results(actor: Actor, surveyId: string): SurveyResults {
			const s = load(actor, surveyId);
			const prev = previousOf(s);
			const { layout, matrix, weighting, report } = analyze(s, previousResults(s));
			return {
				survey: { id: s.id, title: s.title, kind: s.kind, status: s.status },
				responses: matrix.n,
				previousSurvey: prev ? { id: prev.id, title: prev.title } : null,
				dimensions: layout.dimensions,
				weighting: { ...weighting, weights: null },
				...report,
				deviations: report.questions.filter((q) => q.comparison?.significant).map((q) => q.key)
			};
		},

		/**
		 * The current raking weight of each response (by response row id), exactly as the results
		 * use them; null when the survey has no margins or weighting failed. Exports call this, so a
		 * downloaded file always carries the weights behind the published numbers.
		 */
		weightsById(actor: Actor, surveyId: string): Map<number, number> | null {
			const s = load(actor, surveyId);
			const { weighting, ids } = analyze(s, new Map());
			const w = weighting.applied ? weighting.weights : null;
			if (!w) return null;
			return new Map(ids.map((id, i) => [id, w[i]!]));
		},

		/** The survey's weighting dimensions and its current margins (for the form). */
		margins(actor: Actor, surveyId: string): { dimensions: DimensionSpec[]; margins: MarginsSpec } {
			const s = load(actor, surveyId);
			const { dimensions } = layoutOf(s);
			return { dimensions, margins: marginsOf(s, dimensions) };
		},

		/** Replace the margins; 400 naming each bad dimension. */
		setMargins(actor: Actor, surveyId: string, input: MarginsSpec): void {
			const s = load(actor, surveyId);
			if (!can(actor, 'survey.design', s)) throw new AppError('auth.forbidden', 'Only admins and analysts may set population margins.');
			const checked = checkMargins(input, layoutOf(s).dimensions);
			if (!checked.ok) {
				const message = Object.values(checked.errors).join(' ');
				throw new AppError('validation.failed', message, { fields: checked.errors });
			}
			marginsRepo.put(db, s.organizationId, s.id, checked.margins);
		}
	};
}

export type ResultsService = ReturnType<typeof createResultsService>;

/**
 * The survey summary report: the results of one survey (weighted estimates, margins, changes
 * since last cycle, benchmarks when present) shaped for stakeholders, with the progress of the
 * action plan of the cycle that uses the survey, in English or Spanish. Served as a tagged PDF to
 * staff who may read results, and as a public read-only page when the agency shares it.
 */
import { can, type Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import { todayIn } from '../../domain/cycles/week';
import type { ActionStatus } from '../../domain/plan/doc';
import { goalRollup, planRollup } from '../../domain/plan/rollup';
import {
	byFocusArea,
	findingText,
	keyFindings,
	summaryQuestions,
	type ReportPlan,
	type SummaryQuestion,
	type SummaryReport
} from '../../domain/results/summary';
import { allQuestions, type Questionnaire } from '../../domain/surveys/questionnaire';
import { translator, type Locale } from '../../i18n';
import { organizationRepo } from '../accounts/repository';
import { randomToken } from '../auth/tokens';
import type { Database_ } from '../db/client';
import { planProjectionRepo } from '../plans/repository';
import { surveyRepo, versionRepo, type SurveyRow } from '../surveys/repository';
export type { SummaryReport } from '../../domain/results/summary';
import { cyclesOfSurvey, fieldworkPeriod, reportShareRepo } from './report-repository';
import { renderReportPdf } from './report-pdf';
import { createResultsService } from './service';

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export function slugOf(title: string): string {
	return (
		title
			.toLowerCase()
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '') || 'survey'
	);
}

export function createReportService(deps: { database: Database_ }) {
	const { db } = deps.database;
	const results = createResultsService(deps);

	function load(actor: Actor, id: string): SurveyRow {
		const s = surveyRepo.get(db, actor.organizationId, id);
		if (!s) throw new AppError('survey.not_found', 'No such survey in your organization.');
		if (!can(actor, 'results.read', s)) throw new AppError('auth.forbidden', 'You do not have permission to do that.');
		return s;
	}

	/** Question texts in `locale` (the results carry the English ones). */
	function textsIn(s: SurveyRow, locale: Locale): Map<string, string> {
		const v = (s.liveVersionId && versionRepo.get(db, s.liveVersionId)) || versionRepo.latest(db, s.id);
		const q = (v ? v.questionnaire : s.draft) as Questionnaire;
		return new Map(allQuestions(q).map((x) => [x.key, x.text[locale] || x.text.en]));
	}

	/** The plan of the newest cycle using the survey that has goals. */
	function planOf(s: SurveyRow): ReportPlan | null {
		for (const c of cyclesOfSurvey(db, s.organizationId, s.id)) {
			const goals = planProjectionRepo.goals(db, s.organizationId, c.planDoc);
			if (!goals.length) continue;
			const actions = planProjectionRepo.actions(db, s.organizationId, c.planDoc);
			const of = (goalId: string) =>
				actions.filter((a) => a.goalId === goalId).map((a) => ({ status: a.status as ActionStatus, progress: a.progress }));
			return {
				cycle: c.name,
				rollup: planRollup({ goals: goals.map((g) => ({ actions: of(g.goalId) })) }),
				goals: goals.map((g) => ({ title: g.title || 'Untitled goal', ...goalRollup({ actions: of(g.goalId) }) }))
			};
		}
		return null;
	}

	function build(actor: Actor, s: SurveyRow, locale: Locale, now: Date): SummaryReport {
		const r = results.results(actor, s.id);
		const t = translator(locale);
		const texts = textsIn(s, locale);
		const questions = summaryQuestions(r.questions.map((q) => ({ ...q, text: texts.get(q.key) ?? q.text })));
		const byKey = new Map(questions.map((q) => [q.key, q]));
		const keyed = (keys: readonly string[]) => keys.map((k) => byKey.get(k)).filter((q): q is SummaryQuestion => !!q);
		const w = r.weighting;
		const period = fieldworkPeriod(db, s.organizationId, s.id);
		const org = organizationRepo.get(db, s.organizationId);
		return {
			locale,
			organization: org?.name ?? '',
			survey: { id: s.id, title: s.title },
			responses: r.responses,
			period: period ? { from: isoDate(period.from), to: isoDate(period.to) } : null,
			// the organization's calendar day, not UTC's (an evening report in California is not tomorrow's)
			preparedOn: todayIn(org?.timeZone ?? 'UTC', now),
			previousTitle: r.previousSurvey?.title ?? null,
			method: {
				weighted: w.applied,
				dimensions: w.applied ? Object.keys(w.margins).map((d) => d.replace(/_/g, ' ')) : [],
				effectiveN: w.report?.effectiveSampleSize ?? r.responses,
				deff: w.report?.deff ?? 1,
				iterations: w.report?.iterations ?? null,
				minWeight: w.report?.minWeight ?? null,
				maxWeight: w.report?.maxWeight ?? null,
				error: w.error
			},
			findings: keyFindings(questions, r.previousSurvey?.title ?? null).map((f) => findingText(f, t)),
			questions,
			highest: keyed(r.highest),
			lowest: keyed(r.lowest),
			changes: questions.filter((q) => q.change),
			benchmarks: questions.filter((q) => q.benchmark),
			areas: byFocusArea(questions),
			plan: planOf(s)
		};
	}

	return {
		/** The report of a survey of the actor's organization (404 elsewhere, 403 without results.read). */
		summary(actor: Actor, surveyId: string, locale: Locale, now = new Date()): SummaryReport {
			return build(actor, load(actor, surveyId), locale, now);
		},

		async pdf(actor: Actor, surveyId: string, locale: Locale, now = new Date()): Promise<{ filename: string; pdf: Buffer }> {
			const s = load(actor, surveyId);
			const pdf = await renderReportPdf(build(actor, s, locale, now));
			return { filename: `${slugOf(s.title)}-summary.pdf`, pdf };
		},

		/** The survey's public token, or null when the report is not shared. */
		sharing(actor: Actor, surveyId: string): { token: string | null; canShare: boolean } {
			const s = load(actor, surveyId);
			return { token: reportShareRepo.get(db, s.organizationId, s.id)?.token ?? null, canShare: can(actor, 'survey.approve', s) };
		},

		/**
		 * Switches public sharing on (keeping an existing token; `confirmed`: the person acknowledged
		 * that anyone with the link may read it) or off (the link stops working).
		 */
		setSharing(actor: Actor, surveyId: string, on: boolean, confirmed = false): string | null {
			const s = load(actor, surveyId);
			if (!can(actor, 'survey.approve', s)) throw new AppError('auth.forbidden', 'Only admins and analysts may share the report.');
			if (on && !confirmed)
				throw new AppError('validation.failed', 'Confirm that anyone with the link may read the summary.', {
					fields: { confirm: 'Tick this box to share the report.' }
				});
			if (!on) {
				reportShareRepo.remove(db, s.organizationId, s.id);
				return null;
			}
			return reportShareRepo.ensure(db, { surveyId: s.id, organizationId: s.organizationId, token: randomToken(), createdBy: actor.id })
				.token;
		},

		/**
		 * The shared report behind a public token; `null` when there is no such share. The token is
		 * the permission: the report is built as a read-only viewer of the survey's organization.
		 */
		publicSummary(token: string, locale: Locale, now = new Date()): SummaryReport | null {
			if (!/^[a-z2-7]{32}$/.test(token)) return null;
			const share = reportShareRepo.byToken(db, token);
			if (!share) return null;
			const s = surveyRepo.get(db, share.organizationId, share.surveyId);
			if (!s) return null;
			const reader: Actor = { id: `share:${share.surveyId}`, organizationId: share.organizationId, role: 'viewer' };
			return build(reader, s, locale, now);
		}
	};
}

export type ReportService = ReturnType<typeof createReportService>;

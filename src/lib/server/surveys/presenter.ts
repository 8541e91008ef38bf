/** What leaves the server about surveys: never raw rows. */
import { availableActions, type SurveyAction, type SurveyStatus } from '../../domain/surveys/status';
import { allQuestions, questionOptions, type Questionnaire, type Question, type LocalizedText } from '../../domain/surveys/questionnaire';
import type { SurveyRow, VersionRow } from './repository';

export interface SurveySummary {
	id: string;
	kind: SurveyRow['kind'];
	/** The English title (the staff name). */
	title: string;
	/** The title in each language, as residents see it (the Spanish one from the questionnaire). */
	titles: LocalizedText;
	status: SurveyStatus;
	/** Path of the resident page (prefix with the site's origin). */
	publicUrl: string;
	responses: number;
	responseTarget: number | null;
}

export function publicPath(slug: string): string {
	return `/s/${slug}`;
}

export function presentSummary(s: SurveyRow, responses: number): SurveySummary {
	return {
		id: s.id,
		kind: s.kind,
		title: s.title,
		titles: { en: s.title, es: (s.draft as Questionnaire | null)?.title?.es || s.title },
		status: s.status,
		publicUrl: publicPath(s.slug),
		responses,
		responseTarget: s.responseTarget
	};
}

export interface VersionView {
	id: string;
	number: number;
	approvedAt: string;
	approvedBy: string | null;
	comment: string;
	live: boolean;
	questions: number;
}

export function presentVersion(v: VersionRow, liveId: string | null, names: Map<string, string>): VersionView {
	return {
		id: v.id,
		number: v.number,
		approvedAt: v.approvedAt.toISOString(),
		approvedBy: v.approvedBy ? (names.get(v.approvedBy) ?? null) : null,
		comment: v.comment,
		live: v.id === liveId,
		questions: allQuestions(v.questionnaire as Questionnaire).length
	};
}

export interface SurveySettingsView {
	access: SurveyRow['access'];
	opensAt: string | null;
	closesAt: string | null;
	responseTarget: number | null;
	department: string | null;
	service: string | null;
	channel: string | null;
	ipLimitPerMinute: number;
	surveyLimitPerMinute: number;
}

export interface SurveyDetail extends SurveySummary {
	slug: string;
	settings: SurveySettingsView;
	actions: SurveyAction[];
	versions: VersionView[];
	tokens: { issued: number; used: number };
	draft: Questionnaire;
	createdAt: string;
	updatedAt: string;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export function presentDetail(
	s: SurveyRow,
	extra: { responses: number; versions: VersionView[]; tokens: { issued: number; used: number } }
): SurveyDetail {
	return {
		...presentSummary(s, extra.responses),
		slug: s.slug,
		settings: {
			access: s.access,
			opensAt: day(s.opensAt),
			closesAt: day(s.closesAt),
			responseTarget: s.responseTarget,
			department: s.department,
			service: s.service,
			channel: s.channel,
			ipLimitPerMinute: s.ipLimitPerMinute,
			surveyLimitPerMinute: s.surveyLimitPerMinute
		},
		actions: availableActions(s.status),
		versions: extra.versions,
		tokens: extra.tokens,
		draft: s.draft as Questionnaire,
		createdAt: s.createdAt.toISOString(),
		updatedAt: s.updatedAt.toISOString()
	};
}

export interface QuestionApiView {
	key: string;
	type: Question['type'];
	required: boolean;
	text: LocalizedText;
	help?: LocalizedText;
	section: string;
	options?: { code: string; label: LocalizedText }[];
	scale?: { min: number; max: number; dontKnow?: boolean };
	min?: number;
	max?: number;
	dimension?: string;
	showIf?: Question['showIf'];
}

/** The live version's questions as the JSON API describes them. */
export function presentQuestions(q: Questionnaire): QuestionApiView[] {
	return q.sections.flatMap((s) =>
		s.questions.map((x): QuestionApiView => {
			const view: QuestionApiView = { key: x.key, type: x.type, required: x.required, text: x.text, section: s.id };
			if (x.help) view.help = x.help;
			if (x.showIf) view.showIf = x.showIf;
			if (x.type === 'rating5') view.scale = { min: 1, max: 5, dontKnow: x.dontKnow };
			if (x.type === 'nps') view.scale = { min: 0, max: 10 };
			if (x.type === 'number') Object.assign(view, { min: x.min, max: x.max });
			if (x.type === 'demographic') view.dimension = x.dimension;
			if (x.type === 'district') view.dimension = 'district';
			const opts = questionOptions(x);
			if (opts.length && x.type !== 'nps') view.options = opts;
			return view;
		})
	);
}

/**
 * The cycle and its four phases. Moving on is an explicit step: `advance` says what is still open
 * in the current phase, and the caller decides (with the user's confirmation) whether to go on.
 */
import { PHASES, type Phase } from '../checklist/doc';

export { PHASES, type Phase };

export const CYCLE_KINDS = [
	'quarterly_evaluation',
	'annual_survey',
	'new_service_assessment',
	'compstat_review',
	'resource_allocation',
	'benchmarking',
	'kpi_evaluation'
] as const;
export type CycleKind = (typeof CYCLE_KINDS)[number];

export const CYCLE_KIND_LABELS: Record<CycleKind, string> = {
	quarterly_evaluation: 'Quarterly evaluation',
	annual_survey: 'Annual community survey',
	new_service_assessment: 'New service assessment',
	compstat_review: 'CompStat review',
	resource_allocation: 'Resource allocation',
	benchmarking: 'Benchmarking',
	kpi_evaluation: 'KPI evaluation'
};

export type CycleStatus = 'active' | 'closed';

export interface OpenItem {
	id: string;
	text: string;
}

/** The phase after `phase`, or null after follow-up. */
export function nextPhase(phase: Phase): Phase | null {
	const i = PHASES.indexOf(phase);
	return i >= 0 && i < PHASES.length - 1 ? (PHASES[i + 1] ?? null) : null;
}

export type AdvanceResult =
	{ ok: true; to: Phase; leftOpen: OpenItem[] } | { ok: false; reason: 'closed' | 'last_phase' | 'confirm_open_items'; open: OpenItem[] };

/**
 * Decides a move to the next phase. With open checklist items of the current phase the move needs
 * `confirmOpen` (the UI lists them and asks); a closed cycle or the last phase cannot advance.
 */
export function advance(cycle: { phase: Phase; status: CycleStatus }, openInPhase: OpenItem[], confirmOpen: boolean): AdvanceResult {
	if (cycle.status === 'closed') return { ok: false, reason: 'closed', open: [] };
	const to = nextPhase(cycle.phase);
	if (!to) return { ok: false, reason: 'last_phase', open: [] };
	if (openInPhase.length > 0 && !confirmOpen) return { ok: false, reason: 'confirm_open_items', open: openInPhase };
	return { ok: true, to, leftOpen: openInPhase };
}

/** What a new cycle started from a closed one takes over. */
export interface Carryover<A> {
	focusAreaIds: string[];
	openActions: A[];
	questionnaireFromSurveyId: string | null;
}

/** Carries over the focus areas, the actions not done, and the questionnaire of `from`. */
export function carryOver<A extends { status: string }>(from: {
	focusAreaIds: string[];
	actions: A[];
	surveyId: string | null;
}): Carryover<A> {
	return {
		focusAreaIds: [...new Set(from.focusAreaIds)],
		openActions: from.actions.filter((a) => a.status !== 'done'),
		questionnaireFromSurveyId: from.surveyId
	};
}

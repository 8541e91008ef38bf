/** What leaves the server about cycles. */
import { PHASE_LABELS, type Phase } from '../../domain/checklist/doc';
import { CYCLE_KIND_LABELS, type CycleKind } from '../../domain/cycles/phases';
import type { CycleRow } from './repository';

export interface CycleSummary {
	id: string;
	name: string;
	kind: string;
	phase: Phase;
	checklistDoc: string;
	planDoc: string;
}

/** The JSON API's list entry: `{id, name, kind, phase, checklistDoc, planDoc}`. */
export function presentCycleSummary(c: CycleRow): CycleSummary {
	return { id: c.id, name: c.name, kind: c.kind, phase: c.phase, checklistDoc: c.checklistDoc, planDoc: c.planDoc };
}

export interface CycleView extends CycleSummary {
	kindLabel: string;
	phaseLabel: string;
	status: 'active' | 'closed';
	periodStart: string;
	periodEnd: string;
	ownerId: string | null;
	ownerName: string | null;
	surveyId: string | null;
	previousCycleId: string | null;
	closedAt: string | null;
}

export function presentCycle(c: CycleRow, ownerName: string | null = null): CycleView {
	return {
		...presentCycleSummary(c),
		kindLabel: CYCLE_KIND_LABELS[c.kind as CycleKind] ?? c.kind,
		phaseLabel: PHASE_LABELS[c.phase],
		status: c.status,
		periodStart: c.periodStart,
		periodEnd: c.periodEnd,
		ownerId: c.ownerId,
		ownerName,
		surveyId: c.surveyId,
		previousCycleId: c.previousCycleId,
		closedAt: c.closedAt?.toISOString() ?? null
	};
}

const EVENT_LABELS: Record<string, string> = {
	'cycle.created': 'Started the cycle',
	'cycle.started_from': 'Started the cycle from an earlier one',
	'cycle.phase_changed': 'Moved the cycle on',
	'cycle.closed': 'Closed the cycle',
	'cycle.focus_changed': 'Changed the focus areas',
	'plan.version_saved': 'Saved a version of the plan',
	'plan.version_restored': 'Restored a version of the plan',
	'plan.edit_restored': 'Restored the plan as it was after an earlier edit',
	'plan.goal_from_result': 'Added a goal from a survey result',
	'cycle.survey_linked': 'Linked a survey',
	'cycle.survey_unlinked': 'Unlinked a survey',
	'progress.logged': 'Logged progress'
};

export interface TimelineEntry {
	id: number;
	what: string;
	detail: string | null;
	who: string;
	at: string;
}

export function presentTimelineEntry(r: {
	id: number;
	type: string;
	data: Record<string, unknown> | null;
	at: Date;
	actorName: string | null;
}): TimelineEntry {
	const d = r.data ?? {};
	const detail = typeof d.detail === 'string' ? d.detail : null;
	return { id: r.id, what: EVENT_LABELS[r.type] ?? r.type, detail, who: r.actorName ?? 'Someone', at: r.at.toISOString() };
}

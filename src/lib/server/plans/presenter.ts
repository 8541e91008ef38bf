/** What leaves the server about plans: assigned actions, versions. */
import { ACTION_STATUS_LABELS, type ActionStatus } from '../../domain/plan/doc';
import type { AssignedActionView } from '../../domain/plan/assigned';
import type { PlanActionRow } from './repository';

export type { AssignedActionView };

export function presentAssignedAction(r: {
	action: PlanActionRow;
	goalTitle: string | null;
	cycleId: string | null;
	cycleName: string | null;
	planTitle: string;
}): AssignedActionView {
	const status = r.action.status as ActionStatus;
	return {
		id: r.action.actionId,
		title: r.action.title || 'Untitled action',
		goalTitle: r.goalTitle || 'Untitled goal',
		cycleId: r.cycleId,
		cycleName: r.cycleName ?? r.planTitle,
		planDoc: r.action.docName,
		due: r.action.due,
		status,
		statusLabel: ACTION_STATUS_LABELS[status] ?? r.action.status,
		progress: r.action.progress,
		priority: r.action.priority
	};
}

/** By due date (undated last), then title. */
export function byDue(a: AssignedActionView, b: AssignedActionView): number {
	if (a.due !== b.due) return a.due === null ? 1 : b.due === null ? -1 : a.due < b.due ? -1 : 1;
	return a.title.localeCompare(b.title);
}

export interface PlanVersionView {
	id: string;
	label: string;
	author: string;
	at: string;
	bytes: number;
}

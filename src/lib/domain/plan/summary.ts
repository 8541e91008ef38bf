/**
 * The plan as its collapsed goals show it (titles, progress, counts, action titles): kept on the
 * device beside the document so a large plan is on screen before its Yjs document has been
 * loaded from IndexedDB (a few hundred ms for 2,000 actions on a slow phone); editing starts
 * when the document is loaded.
 */
import type { ActionStatus, Goal } from './doc';

export interface SummaryAction {
	id: string;
	title: string;
	status: ActionStatus;
	progress: number;
}

export interface SummaryGoal {
	id: string;
	title: string;
	actions: SummaryAction[];
}

export interface PlanSummary {
	/** when it was taken (ms) */
	at: number;
	goals: SummaryGoal[];
}

export function planSummary(goals: readonly Goal[], at: number): PlanSummary {
	return {
		at,
		goals: goals.map((g) => ({
			id: g.id,
			title: g.title,
			actions: g.actions.map((a) => ({ id: a.id, title: a.title, status: a.status, progress: a.progress }))
		}))
	};
}

/** A summary read back from storage, or null when it is not one (an older shape, damage). */
export function asPlanSummary(v: unknown): PlanSummary | null {
	if (!v || typeof v !== 'object') return null;
	const s = v as Partial<PlanSummary>;
	if (typeof s.at !== 'number' || !Array.isArray(s.goals)) return null;
	const ok = s.goals.every(
		(g) =>
			g &&
			typeof g.id === 'string' &&
			typeof g.title === 'string' &&
			Array.isArray(g.actions) &&
			g.actions.every((a) => a && typeof a.id === 'string' && typeof a.title === 'string' && typeof a.progress === 'number')
	);
	return ok ? (s as PlanSummary) : null;
}

/**
 * Progress roll-ups: an action's progress (done = 100 %), a goal's from its actions, the plan's
 * from its goals. Each level is the plain average of the level below; a goal without actions
 * counts as 0 % so an empty goal is visible, not hidden.
 */
import type { Action, ActionStatus } from './doc';

/** What the roll-ups read of an action: its status and progress. */
type Progressed = Pick<Action, 'status' | 'progress'>;

export function actionProgress(a: Pick<Action, 'status' | 'progress'>): number {
	return a.status === 'done' ? 100 : a.progress;
}

/** Worst-first summary status of a set of actions. */
export function summaryStatus(actions: Pick<Action, 'status'>[]): ActionStatus {
	if (actions.length === 0) return 'not_started';
	const has = (s: ActionStatus) => actions.some((a) => a.status === s);
	if (has('blocked')) return 'blocked';
	if (has('at_risk')) return 'at_risk';
	if (actions.every((a) => a.status === 'done')) return 'done';
	if (actions.every((a) => a.status === 'not_started')) return 'not_started';
	return 'on_track';
}

export interface GoalRollup {
	progress: number;
	status: ActionStatus;
	actions: number;
	done: number;
}

export function goalRollup(g: { actions: Progressed[] }): GoalRollup {
	const n = g.actions.length;
	const sum = g.actions.reduce((s, a) => s + actionProgress(a), 0);
	return {
		progress: n ? Math.round(sum / n) : 0,
		status: summaryStatus(g.actions),
		actions: n,
		done: g.actions.filter((a) => a.status === 'done').length
	};
}

export interface PlanRollup {
	progress: number;
	goals: number;
	actions: number;
	done: number;
	byStatus: Record<ActionStatus, number>;
}

export function planRollup(p: { goals: { actions: Progressed[] }[] }): PlanRollup {
	const goals = p.goals.map(goalRollup);
	const byStatus: Record<ActionStatus, number> = { not_started: 0, on_track: 0, at_risk: 0, blocked: 0, done: 0 };
	for (const g of p.goals) for (const a of g.actions) byStatus[a.status]++;
	return {
		progress: goals.length ? Math.round(goals.reduce((s, g) => s + g.progress, 0) / goals.length) : 0,
		goals: goals.length,
		actions: goals.reduce((s, g) => s + g.actions, 0),
		done: goals.reduce((s, g) => s + g.done, 0),
		byStatus
	};
}

/**
 * A new plan document, filled once on the server when its cycle is created: the title and cycle
 * id, and (when the cycle starts from an earlier one) the goals that still have open actions,
 * with only those actions, under new ids so the two plans never share an item.
 */
import type * as Y from 'yjs';
import { addAction, addGoal, type Goal, type Plan } from './doc';

/** The goals of `plan` reduced to their actions not done; goals left with none are dropped. */
export function openGoals(plan: Pick<Plan, 'goals'>): Goal[] {
	return plan.goals.map((g) => ({ ...g, actions: g.actions.filter((a) => a.status !== 'done') })).filter((g) => g.actions.length > 0);
}

/** Fills an empty plan document. */
export function seedPlan(doc: Y.Doc, opts: { title: string; cycleId: string; carried?: Goal[]; makeId: () => string }): void {
	doc.transact(() => {
		const meta = doc.getMap('meta');
		meta.set('title', opts.title);
		meta.set('cycleId', opts.cycleId);
		for (const g of opts.carried ?? []) {
			const goalId = opts.makeId();
			addGoal(doc, {
				id: goalId,
				title: g.title,
				focusAreaId: g.focusAreaId,
				kpiId: g.kpiId,
				questionKeys: g.questionKeys,
				baseline: g.baseline,
				target: g.target,
				due: g.due,
				evidence: g.evidence
			});
			for (const a of g.actions)
				addAction(doc, goalId, {
					id: opts.makeId(),
					title: a.title,
					description: a.description,
					owner: a.owner,
					due: a.due,
					status: a.status,
					progress: a.progress,
					priority: a.priority
				});
		}
	});
}

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, addGoal, readPlan, updateAction } from './doc';
import { goalRollup } from './rollup';
import { asPlanSummary, planSummary } from './summary';

function plan() {
	const doc = new Y.Doc();
	addGoal(doc, { id: 'g1', title: 'Cleaner parks' });
	addAction(doc, 'g1', { id: 'a1', title: 'Litter walk', description: 'long text', progress: 40 });
	addAction(doc, 'g1', { id: 'a2', title: 'Bins' });
	updateAction(doc, 'a2', { status: 'done' });
	addGoal(doc, { id: 'g2', title: 'Empty goal' });
	return readPlan(doc).goals;
}

describe('planSummary', () => {
	it('keeps what collapsed goals show, and their roll-ups are the same', () => {
		const goals = plan();
		const s = planSummary(goals, 5);
		expect(s).toEqual({
			at: 5,
			goals: [
				{
					id: 'g1',
					title: 'Cleaner parks',
					actions: [
						{ id: 'a1', title: 'Litter walk', status: 'not_started', progress: 40 },
						{ id: 'a2', title: 'Bins', status: 'done', progress: 100 }
					]
				},
				{ id: 'g2', title: 'Empty goal', actions: [] }
			]
		});
		expect(s.goals.map(goalRollup)).toEqual(goals.map(goalRollup));
	});

	it('reads back only a well-formed summary', () => {
		const s = planSummary(plan(), 1);
		expect(asPlanSummary(structuredClone(s))).toEqual(s);
		expect(asPlanSummary(null)).toBeNull();
		expect(asPlanSummary({ at: 1 })).toBeNull();
		expect(asPlanSummary({ at: 1, goals: [{ id: 'g', title: 't', actions: [{ id: 'a' }] }] })).toBeNull();
		expect(asPlanSummary({ goals: [] })).toBeNull();
	});
});

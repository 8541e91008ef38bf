import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, addGoal, readPlan } from './doc';
import { openGoals, seedPlan } from './seed';

let n = 0;
const makeId = () => `id${++n}`;

describe('seedPlan and openGoals', () => {
	it('carries goals with their open actions only, under new ids', () => {
		const old = new Y.Doc();
		addGoal(old, { id: 'g1', title: 'Faster pothole repair', focusAreaId: 'fa1', target: 5 });
		addAction(old, 'g1', { id: 'a1', title: 'Buy a second patch truck', status: 'done' });
		addAction(old, 'g1', { id: 'a2', title: 'Publish a repair map', status: 'at_risk', progress: 40, owner: 'u1' });
		addGoal(old, { id: 'g2', title: 'All done already' });
		addAction(old, 'g2', { id: 'a3', title: 'Done', status: 'done' });

		const carried = openGoals(readPlan(old));
		expect(carried.map((g) => g.title)).toEqual(['Faster pothole repair']);

		const fresh = new Y.Doc();
		seedPlan(fresh, { title: 'Spring plan', cycleId: 'c2', carried, makeId });
		const plan = readPlan(fresh);
		expect(plan.title).toBe('Spring plan');
		expect(plan.cycleId).toBe('c2');
		expect(plan.goals).toHaveLength(1);
		const [g] = plan.goals;
		expect(g?.id).not.toBe('g1');
		expect(g?.focusAreaId).toBe('fa1');
		expect(g?.target).toBe(5);
		expect(g?.actions.map((a) => [a.title, a.status, a.progress, a.owner])).toEqual([['Publish a repair map', 'at_risk', 40, 'u1']]);
		expect(g?.actions[0]?.id).not.toBe('a2');
	});

	it('makes an empty plan without a previous cycle', () => {
		const doc = new Y.Doc();
		seedPlan(doc, { title: 'New', cycleId: 'c1', makeId });
		expect(readPlan(doc)).toEqual({ title: 'New', cycleId: 'c1', goals: [] });
	});
});

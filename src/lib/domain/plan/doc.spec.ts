import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, addComment, addGoal, goalsOf, planReader, readPlan, removeAction, removeGoal, updateAction, updateGoal } from './doc';
import { goalRollup, planRollup, summaryStatus } from './rollup';

function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

function planWithOneAction() {
	const doc = new Y.Doc();
	addGoal(doc, { id: 'g1', title: 'Faster pothole repair', focusAreaId: 'streets', baseline: 10, target: 5 });
	addAction(doc, 'g1', { id: 'a1', title: 'Second repair crew', owner: 'u1', due: '2027-03-01' });
	return doc;
}

describe('action plan document', () => {
	it('reads back goals and actions with defaults', () => {
		const plan = readPlan(planWithOneAction());
		expect(plan.goals[0]).toMatchObject({ id: 'g1', title: 'Faster pothole repair', baseline: 10, target: 5 });
		expect(plan.goals[0]!.actions[0]).toMatchObject({ id: 'a1', status: 'not_started', progress: 0, priority: 'medium', owner: 'u1' });
	});

	it('merges two people editing different fields of one action offline', () => {
		const a = planWithOneAction();
		const b = new Y.Doc();
		sync(a, b);
		updateAction(a, 'a1', { status: 'at_risk', progress: 40 });
		updateAction(b, 'a1', { owner: 'u2', due: '2027-04-01' });
		addComment(b, 'a1', { id: 'c1', author: 'u2', text: 'Crew hired', at: '2026-12-01T10:00:00Z' });
		sync(a, b);
		for (const d of [a, b])
			expect(readPlan(d).goals[0]!.actions[0]).toMatchObject({
				status: 'at_risk',
				progress: 40,
				owner: 'u2',
				due: '2027-04-01',
				comments: [{ text: 'Crew hired' }]
			});
	});

	it('clamps progress and makes done 100 %', () => {
		const doc = planWithOneAction();
		updateAction(doc, 'a1', { progress: 140 });
		expect(readPlan(doc).goals[0]!.actions[0]!.progress).toBe(100);
		updateAction(doc, 'a1', { progress: 20 });
		updateAction(doc, 'a1', { status: 'done' });
		expect(readPlan(doc).goals[0]!.actions[0]!.progress).toBe(100);
	});

	it('edits goal text and removes actions; unknown ids change nothing', () => {
		const doc = planWithOneAction();
		expect(updateGoal(doc, 'g1', { title: 'Repair potholes within 5 days' })).toBe(true);
		expect(readPlan(doc).goals[0]!.title).toBe('Repair potholes within 5 days');
		expect(removeAction(doc, 'nope')).toBe(false);
		expect(removeAction(doc, 'a1')).toBe(true);
		expect(readPlan(doc).goals[0]!.actions).toEqual([]);
	});

	it('skips malformed goals from foreign clients', () => {
		const doc = planWithOneAction();
		doc.getArray('goals').push([new Y.Map(), 'junk' as unknown as Y.Map<unknown>]);
		expect(readPlan(doc).goals).toHaveLength(1);
	});
});

describe('roll-ups', () => {
	const act = (status: string, progress: number) => ({ status, progress }) as { status: 'on_track'; progress: number };

	it('average action progress into goals and goals into the plan (hand-computed)', () => {
		const g1 = { actions: [act('done', 10), act('on_track', 50)] }; // (100 + 50) / 2 = 75
		const g2 = { actions: [act('on_track', 20)] }; // 20
		const g3 = { actions: [] }; // 0
		expect(goalRollup(g1 as never).progress).toBe(75);
		expect(planRollup({ goals: [g1, g2, g3] as never }).progress).toBe(32); // (75 + 20 + 0) / 3 = 31.67
	});

	it('summarise status worst first', () => {
		expect(summaryStatus([{ status: 'done' }, { status: 'blocked' }])).toBe('blocked');
		expect(summaryStatus([{ status: 'on_track' }, { status: 'at_risk' }])).toBe('at_risk');
		expect(summaryStatus([{ status: 'done' }, { status: 'done' }])).toBe('done');
		expect(summaryStatus([{ status: 'not_started' }, { status: 'done' }])).toBe('on_track');
		expect(summaryStatus([])).toBe('not_started');
	});
});

describe('reading a plan again as updates arrive', () => {
	it('reads what readPlan reads after every kind of change, reusing the goals nothing changed in', () => {
		const source = new Y.Doc();
		const doc = new Y.Doc({ gc: false });
		const reader = planReader(doc);
		const steps: ((d: Y.Doc) => void)[] = [
			(d) => {
				for (let g = 0; g < 4; g++) {
					addGoal(d, { id: `g${g}`, title: `Goal ${g}` });
					addAction(d, `g${g}`, { id: `a${g}`, title: `Action ${g}` });
				}
			},
			(d) => updateAction(d, 'a1', { status: 'at_risk', progress: 40 }),
			(d) => (goalsOf(d).get(2).get('title') as Y.Text).insert(0, 'Renamed '), // a Y.Text inside a goal
			(d) => ((goalsOf(d).get(3).get('actions') as Y.Array<Y.Map<unknown>>).get(0).get('description') as Y.Text).insert(0, 'Details'),
			(d) => addComment(d, 'a0', { id: 'c1', author: 'u1', text: 'Seen on site', at: '2026-01-01T00:00:00.000Z' }),
			(d) => updateGoal(d, 'g0', { questionKeys: ['roads'], target: 5 }),
			(d) => removeAction(d, 'a3'),
			(d) => removeGoal(d, 'g1'),
			(d) => d.getMap('meta').set('title', 'Plan 2026'),
			(d) => goalsOf(d).push([new Y.Map()]), // malformed: no id yet, skipped
			(d) => goalsOf(d).get(3).set('id', 'g-late')
		];
		for (const step of steps) {
			const sv = Y.encodeStateVector(source);
			step(source);
			reader.read();
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(source, sv)); // as the history page applies recorded edits
			const read = reader.read();
			expect(read).toEqual(readPlan(doc));
			expect(read).toEqual(readPlan(source));
		}
		// an edit in one goal: the others are the objects read before
		const sv = Y.encodeStateVector(source);
		const last = reader.read();
		updateAction(source, 'a2', { progress: 90 });
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(source, sv));
		const after = reader.read();
		expect(after).toEqual(readPlan(doc));
		expect(after.goals.map((g, i) => g === last.goals[i])).toEqual(after.goals.map((g) => !g.actions.some((a) => a.id === 'a2')));
		reader.destroy();
	});
});

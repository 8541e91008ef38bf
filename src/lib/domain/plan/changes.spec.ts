import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { GoalReader } from './changes';
import { addAction, addGoal, findAction, goalsOf, readPlan, removeGoal, updateAction, updateGoal } from './doc';

function plan(goals = 3, actions = 2) {
	const doc = new Y.Doc();
	for (let g = 0; g < goals; g++) {
		addGoal(doc, { id: `g${g}`, title: `Goal ${g}` });
		for (let a = 0; a < actions; a++) addAction(doc, `g${g}`, { id: `g${g}a${a}`, title: `Action ${a}` });
	}
	return doc;
}

/** A reader kept current by the document's deep events, as PlanView does. */
function live(doc: Y.Doc) {
	const reader = new GoalReader(doc);
	let goals = reader.read();
	reader.array.observeDeep((events) => {
		reader.invalidate(events);
		goals = reader.read();
	});
	return () => goals;
}

describe('GoalReader', () => {
	it('reads the same goals as readPlan', () => {
		const doc = plan();
		expect(new GoalReader(doc).read()).toEqual(readPlan(doc).goals);
	});

	it('re-reads only the goal an edit touched (action field, nested text, goal field)', () => {
		const doc = plan();
		const goals = live(doc);
		const before = goals();
		updateAction(doc, 'g1a0', { progress: 40 });
		let after = goals();
		expect(after[0]).toBe(before[0]);
		expect(after[2]).toBe(before[2]);
		expect(after[1]).not.toBe(before[1]);
		expect(after[1]!.actions[0]!.progress).toBe(40);

		const title = findAction(doc, 'g2a1')!.map.get('title') as Y.Text;
		title.insert(title.length, ' (north)');
		after = goals();
		expect(after[2]!.actions[1]!.title).toBe('Action 1 (north)');
		expect(after[0]).toBe(before[0]);

		updateGoal(doc, 'g0', { due: '2030-01-01' });
		expect(goals()[0]!.due).toBe('2030-01-01');
		expect(goals()[1]).toBe(after[1]);
		expect(goals()).toEqual(readPlan(doc).goals);
	});

	it('follows goals added and removed, and changes that arrive from another replica', () => {
		const doc = plan();
		const goals = live(doc);
		addGoal(doc, { id: 'g9', title: 'New' });
		removeGoal(doc, 'g0');
		expect(goals().map((g) => g.id)).toEqual(['g1', 'g2', 'g9']);

		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		addAction(other, 'g9', { id: 'g9a0', title: 'From the field' });
		updateAction(other, 'g1a1', { status: 'done' });
		const kept = goals()[1];
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
		expect(goals()).toEqual(readPlan(doc).goals);
		expect(goals()[1]).toBe(kept); // g2 untouched
		expect(goals()[2]!.actions.map((a) => a.title)).toEqual(['From the field']);
	});

	it('skips entries that are not goals until they become readable', () => {
		const doc = new Y.Doc();
		const goals = live(doc);
		const m = new Y.Map<unknown>();
		goalsOf(doc).push([m as never]);
		expect(goals()).toEqual([]);
		m.set('id', 'late');
		expect(goals().map((g) => g.id)).toEqual(['late']);
	});
});

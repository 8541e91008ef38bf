import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, addComment, addGoal, readPlan, removeAction, removeGoal, updateAction, updateGoal } from './doc';
import { describePlanChanges, groupEdits, pageOfGroups, summarize, type EditGroup, type Names } from './history';

const names: Names = {
	member: (id) => ({ u1: 'Ana', u2: 'Ben' })[id],
	focusArea: (id) => ({ roads: 'Roads' })[id]
};

function plan() {
	const doc = new Y.Doc();
	addGoal(doc, { id: 'g1', title: 'Smoother streets' });
	addAction(doc, 'g1', { id: 'a1', title: 'Fix potholes on Main St', owner: 'u1' });
	return doc;
}

/** The phrases for what `edit` does to the plan. */
function changes(edit: (doc: Y.Doc) => void): string[] {
	const doc = plan();
	const before = readPlan(doc);
	edit(doc);
	return describePlanChanges(before, readPlan(doc), names);
}

describe('plan history: grouping edits into sessions', () => {
	const min = 60_000;
	it('groups consecutive edits by the same author without a long pause', () => {
		const groups = groupEdits([
			{ id: 1, author: 'u1', at: 0 },
			{ id: 2, author: 'u1', at: 4 * min },
			{ id: 3, author: 'u2', at: 5 * min },
			{ id: 4, author: 'u1', at: 6 * min },
			{ id: 5, author: 'u1', at: 20 * min }
		]);
		expect(groups).toEqual([
			{ firstId: 1, lastId: 2, author: 'u1', start: 0, end: 4 * min, edits: 2 },
			{ firstId: 3, lastId: 3, author: 'u2', start: 5 * min, end: 5 * min, edits: 1 },
			{ firstId: 4, lastId: 4, author: 'u1', start: 6 * min, end: 6 * min, edits: 1 },
			{ firstId: 5, lastId: 5, author: 'u1', start: 20 * min, end: 20 * min, edits: 1 }
		]);
	});

	it('measures the pause from the last edit of the group, so a long steady session stays one group', () => {
		const edits = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, author: 'u1', at: i * 4 * min }));
		expect(groupEdits(edits)).toHaveLength(1);
		expect(groupEdits([])).toEqual([]);
	});
});

describe('plan history: pages of sessions', () => {
	// 45 sessions whose first edits are 10, 20, … 450 (each session two edits: 10 and 11, …)
	const groups: EditGroup[] = Array.from({ length: 45 }, (_, k) => ({
		firstId: (k + 1) * 10,
		lastId: (k + 1) * 10 + 1,
		author: k % 2 ? 'u2' : 'u1',
		start: k,
		end: k,
		edits: 2
	}));
	const ids = (p: { groups: EditGroup[] }) => p.groups.map((g) => g.firstId / 10);
	const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

	it('pages from the newest back to the first edit with neither gaps nor overlaps', () => {
		const first = pageOfGroups(groups, undefined, 20);
		expect(ids(first)).toEqual(range(26, 45));
		expect(first).toMatchObject({ latest: true, older: 260, newer: null });
		const second = pageOfGroups(groups, first.older!, 20);
		expect(ids(second)).toEqual(range(6, 25));
		expect(second).toMatchObject({ latest: false, older: 60, newer: { before: null } });
		const third = pageOfGroups(groups, second.older!, 20);
		expect(ids(third)).toEqual(range(1, 5));
		expect(third).toMatchObject({ latest: false, older: null, newer: { before: 260 } });
		expect(ids(pageOfGroups(groups, third.newer!.before!, 20))).toEqual(ids(second));
	});

	it('keeps a cursor on the same sessions while newer edits arrive', () => {
		const before = pageOfGroups(groups, 260, 20);
		const more = [...groups, { firstId: 460, lastId: 460, author: 'u1', start: 46, end: 46, edits: 1 }];
		expect(ids(pageOfGroups(more, 260, 20))).toEqual(ids(before));
		expect(pageOfGroups(more, 260, 20).newer).toEqual({ before: 460 }); // sessions 26 to 45; the newest is on the page after
	});

	it('takes any number as a cursor: between sessions, inside one, before the first or after the last', () => {
		expect(ids(pageOfGroups(groups, 255, 20))).toEqual(range(6, 25)); // inside session 25
		expect(ids(pageOfGroups(groups, 251, 20))).toEqual(range(6, 25));
		expect(pageOfGroups(groups, 10, 20)).toEqual({ groups: [], latest: false, older: null, newer: { before: 210 } });
		expect(pageOfGroups(groups, 1, 20).groups).toEqual([]);
		expect(pageOfGroups(groups, 10_000, 20)).toMatchObject({ latest: true, older: 260, newer: null });
		expect(pageOfGroups([], undefined, 20)).toEqual({ groups: [], latest: true, older: null, newer: null });
	});
});

describe('plan history: describing what changed', () => {
	it('says whose action changed status, in words', () => {
		const c = changes((d) => updateAction(d, 'a1', { status: 'at_risk' }));
		expect(c).toEqual(['changed the status of “Fix potholes on Main St” to at risk']);
		expect(summarize('Ana', c)).toBe('Ana changed the status of “Fix potholes on Main St” to at risk');
	});

	it('describes progress, owner, due date, priority, description and comments', () => {
		const c = changes((d) => {
			updateAction(d, 'a1', { progress: 40, owner: 'u2', due: '2027-03-01', priority: 'high', description: 'Two crews' });
			addComment(d, 'a1', { id: 'c1', author: 'u2', text: 'Started', at: '2027-01-01T00:00:00Z' });
		});
		expect(c).toEqual([
			'set the progress of “Fix potholes on Main St” to 40 %',
			'assigned “Fix potholes on Main St” to Ben',
			'set the due date of “Fix potholes on Main St” to 2027-03-01',
			'set the priority of “Fix potholes on Main St” to high',
			'edited the description of “Fix potholes on Main St”',
			'commented on “Fix potholes on Main St”'
		]);
	});

	it('marks done without repeating the progress it implies', () => {
		expect(changes((d) => updateAction(d, 'a1', { status: 'done' }))).toEqual(['changed the status of “Fix potholes on Main St” to done']);
	});

	it('describes goals and actions added, renamed and removed', () => {
		expect(
			changes((d) => {
				addGoal(d, { id: 'g2', title: 'Cleaner parks' });
				addAction(d, 'g2', { id: 'a2', title: 'More bins' });
				updateGoal(d, 'g1', { title: 'Safer streets', target: 80, focusAreaId: 'roads' });
				removeAction(d, 'a1');
			})
		).toEqual([
			'renamed the goal “Smoother streets” to “Safer streets”',
			'set the target of “Safer streets” to 80',
			'moved “Safer streets” to the focus area Roads',
			'added the goal “Cleaner parks”',
			'added the action “More bins” to “Cleaner parks”',
			'removed the action “Fix potholes on Main St”'
		]);
		expect(changes((d) => removeGoal(d, 'g1'))).toEqual([
			'removed the goal “Smoother streets”',
			'removed the action “Fix potholes on Main St”'
		]);
	});

	it('names a former member and an untitled action plainly', () => {
		expect(
			changes((d) => {
				addAction(d, 'g1', { id: 'a3', title: '' });
				updateAction(d, 'a1', { owner: 'gone' });
			})
		).toEqual(['assigned “Fix potholes on Main St” to a former member', 'added the action “Untitled” to “Smoother streets”']);
	});

	it('finds nothing when nothing changed, and says so', () => {
		expect(changes(() => {})).toEqual([]);
		expect(summarize('Ana', [])).toBe('Ana made changes that left the plan as it was');
		expect(summarize('Ana', ['a', 'b'])).toBe('Ana a and b');
		expect(summarize('Ana', ['a', 'b', 'c'])).toBe('Ana a and made 2 other changes');
	});
});

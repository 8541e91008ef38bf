import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, addGoal, readPlan, removeAction, updateAction, updateGoal } from './doc';
import { revertUpdate } from './restore';

function base(): Y.Doc {
	const doc = new Y.Doc();
	addGoal(doc, { id: 'g1', title: 'Cleaner parks' });
	addAction(doc, 'g1', { id: 'a1', title: 'More bins', status: 'on_track', progress: 20 });
	addAction(doc, 'g1', { id: 'a2', title: 'Volunteer days' });
	return doc;
}

describe('revertUpdate', () => {
	it('brings the content back to the saved state as a new change', () => {
		const doc = base();
		const saved = Y.encodeStateAsUpdate(doc);
		const before = readPlan(doc);

		updateGoal(doc, 'g1', { title: 'Cleaner and safer parks' });
		updateAction(doc, 'a1', { status: 'done' });
		removeAction(doc, 'a2');
		addGoal(doc, { id: 'g2', title: 'Added later' });
		addAction(doc, 'g2', { id: 'a3', title: 'Later action' });

		const update = revertUpdate(doc, saved);
		Y.applyUpdate(doc, update);
		expect(readPlan(doc)).toEqual(before);
	});

	it('is received by another replica like any edit, and later offline edits still merge', () => {
		const doc = base();
		const saved = Y.encodeStateAsUpdate(doc);
		updateAction(doc, 'a1', { progress: 90 });
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));

		const update = revertUpdate(doc, saved);
		Y.applyUpdate(doc, update);
		// The peer, offline, adds an action before it hears of the restore.
		addAction(peer, 'g1', { id: 'a9', title: 'Offline idea' });
		Y.applyUpdate(peer, update);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));

		expect(readPlan(doc)).toEqual(readPlan(peer));
		const actions = readPlan(doc).goals[0]?.actions ?? [];
		expect(actions.map((a) => a.title)).toEqual(['More bins', 'Volunteer days', 'Offline idea']);
		expect(actions[0]?.progress).toBe(20);
	});

	it('changes nothing when the document is already at the saved state', () => {
		const doc = base();
		const saved = Y.encodeStateAsUpdate(doc);
		const before = readPlan(doc);
		Y.applyUpdate(doc, revertUpdate(doc, saved));
		expect(readPlan(doc)).toEqual(before);
	});
});

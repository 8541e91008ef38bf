import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, addGoal, readPlan, removeAction, updateAction } from '../../domain/plan/doc';
import { organizationRepo } from '../accounts/repository';
import { newId } from '../auth/tokens';
import { createDb, type Database_ } from '../db/client';
import { docRepo } from '../docs/repository';
import { planProjectionRepo } from './repository';

const dbs: Database_[] = [];
afterEach(() => {
	for (const d of dbs.splice(0)) d.close();
});

function setup() {
	const database = createDb(':memory:');
	dbs.push(database);
	const org = newId();
	organizationRepo.insert(database.db, { id: org, name: 'Town', slug: `town-${org.slice(0, 6)}`, timeZone: 'UTC' });
	const doc = { name: `actionplan:${newId()}`, organizationId: org };
	docRepo.insert(database.db, { ...doc, kind: 'actionplan', title: 'Plan' });
	const ydoc = new Y.Doc();
	addGoal(ydoc, { id: 'g1', title: 'Cleaner parks' });
	for (let i = 0; i < 5; i++) addAction(ydoc, 'g1', { id: `a${i}`, title: `Action ${i}`, owner: null, due: '2030-01-01' });
	const project = (at: number) => planProjectionRepo.replace(database.db, doc, readPlan(ydoc), new Date(at));
	const rows = () => planProjectionRepo.actions(database.db, org, doc.name);
	return { ydoc, project, rows, goals: () => planProjectionRepo.goals(database.db, org, doc.name) };
}

describe('plan projection', () => {
	it('writes only the rows that changed, and removes the rows of removed actions', () => {
		const { ydoc, project, rows, goals } = setup();
		project(1000);
		expect(rows().map((r) => [r.actionId, r.position, r.updatedAt.getTime()])).toEqual([0, 1, 2, 3, 4].map((i) => [`a${i}`, i, 1000]));
		updateAction(ydoc, 'a2', { progress: 40, status: 'on_track' });
		project(2000);
		expect(rows().map((r) => [r.actionId, r.progress, r.updatedAt.getTime()])).toEqual([
			['a0', 0, 1000],
			['a1', 0, 1000],
			['a2', 40, 2000],
			['a3', 0, 1000],
			['a4', 0, 1000]
		]);
		removeAction(ydoc, 'a1');
		project(3000);
		// the rows after it move up a position: they changed, so they are written
		expect(rows().map((r) => [r.actionId, r.position, r.updatedAt.getTime()])).toEqual([
			['a0', 0, 1000],
			['a2', 1, 3000],
			['a3', 2, 3000],
			['a4', 3, 3000]
		]);
		project(4000); // nothing changed: nothing written
		expect(rows().map((r) => r.updatedAt.getTime())).toEqual([1000, 3000, 3000, 3000]);
		expect(goals().map((g) => [g.goalId, g.updatedAt.getTime()])).toEqual([['g1', 1000]]);
	});
});

/**
 * The plan history's saved starting states against the real built server: a plan with more than
 * 500 recorded edits (two people taking turns) shows the same history pages whether the states
 * are rebuilt from the start (the table emptied) or read back, writes a state at the 500th entry
 * holding exactly the plan that the baseline and the edits up to it give, and restores the
 * versions just before, at and just after that saved point as the whole history has them.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGoal, readPlan, updateGoal, type Plan } from '../../src/lib/domain/plan/doc';
import { createCycle, DocClient, type CycleSummary } from '../helpers/cycles';
import { addMember, Client, setupOrganization, startServer, type RunningServer } from '../helpers/server';

const EDITS = 840; // 56 sessions: the newest page's starts past the 500th entry
const PER_SESSION = 15;

let server: RunningServer;
let admin: Client;
let editor: Client;
let cycle: CycleSummary;
let ana: DocClient;
let db: Database.Database;

const page = async (path: string) => {
	const res = await admin.request(path, { headers: { accept: 'text/html' } });
	const text = await res.text();
	expect(res.status).toBe(200);
	return /<main[\s\S]*<\/main>/.exec(text)![0];
};
const link = (text: string, name: string) => {
	const m = new RegExp(`<a href="([^"]+)"[^>]*>[^<]*${name}[^<]*</a>`).exec(text);
	return m ? m[1]!.replaceAll('&amp;', '&') : null;
};
const states = () =>
	db.prepare('select upto_id as uptoId, entries, data from sync_history_states where doc_name = ? order by upto_id').all(cycle.planDoc) as {
		uptoId: number;
		entries: number;
		data: Buffer;
	}[];
const emptyStates = () => db.prepare('delete from sync_history_states').run();
const entries = () =>
	db.prepare('select id, seq, data from sync_update_history where doc_name = ? order by id').all(cycle.planDoc) as {
		id: number;
		seq: number | null;
		data: Buffer;
	}[];
/** The plan after the first `count` entries of its history, applied from the start. */
const fromStart = (count: number): Plan => {
	const doc = new Y.Doc({ gc: false });
	for (const e of entries().slice(0, count)) Y.applyUpdate(doc, e.data);
	return readPlan(doc);
};

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	editor = await addMember(server, admin, 'eddie@test.gov', 'editor');
	cycle = await createCycle(admin, { name: 'Long history cycle' });
	ana = new DocClient(server, admin, cycle.planDoc);
	const ed = new DocClient(server, editor, cycle.planDoc);
	await Promise.all([ana.synced(), ed.synced()]);
	// two people taking turns, 15 edits each: the session's goal, then 14 new titles for it
	for (let n = 0; n < EDITS; n++) {
		const session = Math.floor(n / PER_SESSION);
		const who = session % 2 ? ed : ana;
		if (n % PER_SESSION === 0) addGoal(who.doc, { id: `g-${session}`, title: `Goal ${session}` });
		else updateGoal(who.doc, `g-${session}`, { title: `Goal ${session} take ${n % PER_SESSION}` });
		if ((n + 1) % PER_SESSION === 0) {
			await who.allStored();
			const last = `Goal ${session} take ${PER_SESSION - 1}`;
			await (who === ana ? ed : ana).when((d) => readPlan(d).goals.some((g) => g.title === last), 'the other person has the session');
		}
	}
	ed.destroy();
	db = new Database(join(server.dataDir, 'civicloop.db'));
	db.pragma('busy_timeout = 5000');
}, 180_000);

afterAll(async () => {
	ana?.destroy();
	db?.close();
	await server?.dispose();
});

describe('saved starting states of the plan history', () => {
	it('shows the same pages built from the start as from the saved state, and saves the plan as the history has it', async () => {
		expect(entries().filter((e) => e.seq !== null)).toHaveLength(EDITS);
		emptyStates();
		// every page, built from the start (no saved state), then again from the saved state
		const urls = [`/cycles/${cycle.id}/plan/history`];
		const fresh: string[] = [];
		for (let i = 0; i < urls.length; i++) {
			emptyStates();
			fresh.push(await page(urls[i]!));
			const older = link(fresh[i]!, 'Older edits');
			if (older) urls.push(older);
		}
		expect(urls).toHaveLength(3); // 56 sessions: 20, 20 and 16
		// with the 500th entry saved (the newest page needs it), each page again
		await page(urls[0]!);
		const saved = states();
		expect(saved.map((s) => s.entries)).toEqual([500]);
		expect(saved[0]!.uptoId).toBe(entries()[499]!.id);
		const doc = new Y.Doc({ gc: false });
		Y.applyUpdate(doc, saved[0]!.data);
		expect(readPlan(doc)).toEqual(fromStart(500));
		for (let i = 0; i < urls.length; i++) expect(await page(urls[i]!)).toBe(fresh[i]);

		// the table emptied: rebuilt on demand, the same pages and the same state
		emptyStates();
		expect(await page(urls[0]!)).toBe(fresh[0]);
		const again = states();
		expect(again.map((s) => [s.uptoId, s.entries])).toEqual(saved.map((s) => [s.uptoId, s.entries]));
		const doc2 = new Y.Doc({ gc: false });
		Y.applyUpdate(doc2, again[0]!.data);
		expect(readPlan(doc2)).toEqual(fromStart(500));
		expect(Y.equalSnapshots(Y.snapshot(doc), Y.snapshot(doc2))).toBe(true);
	});

	it('restores the versions just before, at and just after the saved point as the whole history has them', async () => {
		const all = entries();
		for (const count of [499, 500, 501]) {
			const upTo = all[count - 1]!.id;
			const want = fromStart(count);
			const res = await editor.form(`/cycles/${cycle.id}/plan/history?/restoreEdit`, { upTo: String(upTo) });
			expect(res.status).toBe(200);
			await ana.when((d) => JSON.stringify(readPlan(d)) === JSON.stringify(want), `the plan after entry ${count}`);
			expect(readPlan(ana.doc)).toEqual(want);
		}
		// the same with the saved state gone
		emptyStates();
		const want = fromStart(499);
		expect((await editor.form(`/cycles/${cycle.id}/plan/history?/restoreEdit`, { upTo: String(all[498]!.id) })).status).toBe(200);
		await ana.when((d) => JSON.stringify(readPlan(d)) === JSON.stringify(want), 'the plan after entry 499');
	});
});

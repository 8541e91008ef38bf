import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, addComment, addGoal, readPlan, removeAction, updateAction, updateGoal } from './doc';
import { stateAfter, type SavedState, type StateSource } from './history-states';
import { revertUpdate } from './restore';

interface Entry {
	id: number;
	data: Uint8Array;
}

/**
 * A history as the store keeps it: a baseline, then edits by two people in turn (adding,
 * changing and removing actions, comments), with ids that leave gaps (other documents' entries).
 */
function history(edits: number): Entry[] {
	const ana = new Y.Doc();
	const ben = new Y.Doc();
	ana.clientID = 1;
	ben.clientID = 2;
	const entries: Entry[] = [];
	let id = 10;
	const record = (u: Uint8Array) => entries.push({ id: (id += 1 + (entries.length % 3)), data: u });
	addGoal(ana, { id: 'g0', title: 'Template goal' });
	record(Y.encodeStateAsUpdate(ana)); // the baseline
	const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
	sync(ana, ben);
	for (let n = 0; n < edits; n++) {
		const who = n % 4 < 2 ? ana : ben;
		const other = who === ana ? ben : ana;
		const before = Y.encodeStateVector(who);
		const k = n % 7;
		if (k === 0) addAction(who, 'g0', { id: `a${n}`, title: `Action ${n}` });
		else if (k === 1) updateGoal(who, 'g0', { title: `Goal after ${n}` });
		else if (k === 2 || k === 3) updateAction(who, `a${n - k}`, { progress: n % 100, status: k === 2 ? 'on_track' : 'at_risk' });
		else if (k === 4) addComment(who, `a${n - 4}`, { id: `c${n}`, author: 'u1', text: `Note ${n}`, at: '2026-01-01T00:00:00.000Z' });
		else if (k === 5 && n > 20) removeAction(who, `a${n - 19}`);
		else addGoal(who, { id: `g${n}`, title: `Goal ${n}` });
		record(Y.encodeStateAsUpdate(who, before));
		sync(who, other);
	}
	return entries;
}

/** Saved states in memory, like the table; `saved` lists what was written. */
function source(entries: readonly Entry[]) {
	const states = new Map<number, SavedState>();
	const saved: number[] = [];
	const s: StateSource & { states: Map<number, SavedState>; saved: number[]; ranges: number } = {
		states,
		saved,
		ranges: 0,
		nearest(id) {
			let best: SavedState | null = null;
			for (const st of states.values()) if (st.uptoId <= id && (!best || st.uptoId > best.uptoId)) best = st;
			return best;
		},
		range(fromId, toId) {
			s.ranges++;
			return entries.filter((e) => e.id >= fromId && e.id <= toId);
		},
		save(st) {
			states.set(st.uptoId, st);
			saved.push(st.entries);
		}
	};
	return s;
}

/** The plan after the first `count` entries, applied from the beginning. */
function fromStart(entries: readonly Entry[], count: number): Y.Doc {
	const doc = new Y.Doc({ gc: false });
	if (count > 0) Y.applyUpdate(doc, Y.mergeUpdates(entries.slice(0, count).map((e) => e.data)));
	return doc;
}

function expectSame(a: Y.Doc, b: Y.Doc) {
	expect(readPlan(a)).toEqual(readPlan(b));
	expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
	// the same content, deletions included
	expect(Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))).toBe(true);
}

describe('plan history: saved starting states', () => {
	const EVERY = 10;
	const entries = history(45); // 46 entries: saving points after 10, 20, 30 and 40
	const index = entries.map((e) => ({ id: e.id }));

	it('builds the same state as applying the history from the start, before, at and after a saved point', () => {
		const src = source(entries);
		// a build saves the point nearest below it, one at most
		expectSame(stateAfter(index, 46, src, EVERY), fromStart(entries, 46));
		expect(src.saved).toEqual([40]);
		expect([...src.states.values()].map((s) => s.uptoId)).toEqual([entries[39]!.id]);
		const counts = [0, 1, 9, 10, 11, 19, 20, 21, 29, 30, 31, 39, 40, 41, 45, 46];
		for (const count of counts) {
			src.ranges = 0;
			const built = stateAfter(index, count, src, EVERY);
			expectSame(built, fromStart(entries, count));
			expect(src.ranges).toBeLessThanOrEqual(2);
			built.destroy();
		}
		expect(src.saved).toEqual([40, 10, 20, 30]);
		// now from the nearest saved state: one range read at most, nothing saved again
		for (const count of counts) {
			src.ranges = 0;
			const built = stateAfter(index, count, src, EVERY);
			expectSame(built, fromStart(entries, count));
			expect(src.ranges).toBeLessThanOrEqual(count % EVERY === 0 && count > 0 ? 0 : 1);
			built.destroy();
		}
		expect(src.saved).toEqual([40, 10, 20, 30]);
	});

	it('applies only the edits after the nearest saved state', () => {
		const src = source(entries);
		stateAfter(index, 46, src, EVERY);
		stateAfter(index, 37, src, EVERY); // saves the 30th entry
		const read: number[] = [];
		const counting: StateSource = {
			...src,
			range: (from, to) => {
				const r = src.range(from, to);
				read.push(r.length);
				return r;
			}
		};
		stateAfter(index, 37, counting, EVERY);
		expect(read).toEqual([7]);
	});

	it('rebuilds missing states on demand (the table emptied), with the same result', () => {
		const src = source(entries);
		stateAfter(index, 46, src, EVERY);
		const first = new Map([...src.states].map(([id, s]) => [id, fromData(s.data)]));
		src.states.clear();
		src.saved.length = 0;
		expectSame(stateAfter(index, 25, src, EVERY), fromStart(entries, 25));
		expect(src.saved).toEqual([20]); // the point the state asked for needs
		expectSame(stateAfter(index, 46, src, EVERY), fromStart(entries, 46));
		expect(src.saved).toEqual([20, 40]); // from the nearest one, 20
		expectSame(fromData(src.states.get(entries[39]!.id)!.data), first.get(entries[39]!.id)!);
		for (const st of src.states.values()) expectSame(fromData(st.data), fromStart(entries, st.entries));
	});

	it('ignores a saved state that does not match the history', () => {
		const src = source(entries);
		// a state saved at the 20th entry's id that says it holds 12 entries, with the content of 5
		src.states.set(entries[19]!.id, { uptoId: entries[19]!.id, entries: 12, data: Y.encodeStateAsUpdate(fromStart(entries, 5)) });
		expectSame(stateAfter(index, 25, src, EVERY), fromStart(entries, 25));
		expect(src.saved).toEqual([20]); // rebuilt from the start, replacing the wrong one
		expect(src.states.get(entries[19]!.id)!.entries).toBe(20);
		expectSame(fromData(src.states.get(entries[19]!.id)!.data), fromStart(entries, 20));
	});

	it('restores the same version from a state built through a saved state as from the whole history', () => {
		const src = source(entries);
		stateAfter(index, 46, src, EVERY);
		const current = fromStart(entries, 46);
		for (const count of [5, 20, 33]) {
			const viaState = Y.encodeStateAsUpdate(stateAfter(index, count, src, EVERY));
			const merged = Y.mergeUpdates(entries.slice(0, count).map((e) => e.data));
			const a = fromStart(entries, 46);
			const b = fromStart(entries, 46);
			Y.applyUpdate(a, revertUpdate(current, viaState));
			Y.applyUpdate(b, revertUpdate(current, merged));
			expect(readPlan(a)).toEqual(readPlan(b));
			expect(readPlan(a)).toEqual(readPlan(fromStart(entries, count)));
		}
	});
});

function fromData(data: Uint8Array): Y.Doc {
	const doc = new Y.Doc({ gc: false });
	Y.applyUpdate(doc, data);
	return doc;
}

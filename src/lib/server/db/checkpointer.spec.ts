import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { holdable, startCheckpointer, type Checkpointer } from './checkpointer';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** a database file with a writer connection set up as the sync log's and intake's are */
function writer() {
	const dir = mkdtempSync(join(tmpdir(), 'civicloop-ckpt-'));
	dirs.push(dir);
	const path = join(dir, 'test.db');
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.pragma('wal_autocheckpoint = 0');
	db.exec('create table t (id integer primary key, v blob)');
	const insert = db.prepare('insert into t (v) values (?)');
	return { path, db, write: () => insert.run(Buffer.alloc(3000, 1)) };
}

/** the WAL's page count as the next checkpoint sees it (another connection, so nothing is reset) */
function walPages(path: string): number {
	const db = new Database(path);
	try {
		return (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;
	} finally {
		db.close();
	}
}

/** resolves once `checkpointer` has held the writers and let them go again */
function heldAndReleased(checkpointer: Checkpointer): Promise<void> {
	return new Promise((ok, ko) => {
		const deadline = Date.now() + 10_000;
		const poll = setInterval(() => {
			if (checkpointer.stats().holds > 0) {
				clearInterval(poll);
				checkpointer.whenOpen(ok);
			} else if (Date.now() > deadline) {
				clearInterval(poll);
				ko(new Error('the writers were never held'));
			}
		}, 2);
	});
}

describe('startCheckpointer', () => {
	it('holds the writers once the WAL has grown past resetFrames, and the next commit starts the WAL over', async () => {
		const { path, db, write } = writer();
		for (let i = 0; i < 40; i++) write();
		expect(walPages(path)).toBeGreaterThanOrEqual(40);
		const checkpointer = startCheckpointer(path, { everyMs: 5, resetFrames: 16 });
		try {
			await heldAndReleased(checkpointer);
			expect(checkpointer.open()).toBe(true);
			write();
			expect(walPages(path)).toBeLessThan(5); // the WAL started over from its beginning
			expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 41 });
		} finally {
			await checkpointer.stop();
			db.close();
		}
	});

	it('is shared by everyone on one file, and a hold holds all of them', async () => {
		const { path, db, write } = writer();
		for (let i = 0; i < 40; i++) write();
		const a = startCheckpointer(path, { everyMs: 5, resetFrames: 16 });
		const b = startCheckpointer(path, { everyMs: 1000 });
		try {
			await heldAndReleased(b); // b's own interval (1 s) would not have come round yet
			expect(a.stats()).toEqual(b.stats());
		} finally {
			await a.stop();
			await b.stop();
			db.close();
		}
	});
});

describe('holdable', () => {
	/** a checkpointer whose hold the test starts and ends */
	function fakeCheckpointer() {
		let held = false;
		const waiting: (() => void)[] = [];
		return {
			open: () => !held,
			whenOpen: (fn: () => void) => (held ? void waiting.push(fn) : fn()),
			hold: () => void (held = true),
			release() {
				held = false;
				for (const fn of waiting.splice(0)) fn();
			}
		};
	}

	it('commits at once when nobody holds the writers', () => {
		const committed: string[] = [];
		const { commit } = holdable(fakeCheckpointer(), (name: string) => void committed.push(name));
		commit('a');
		commit('b');
		expect(committed).toEqual(['a', 'b']);
	});

	it('makes commits wait during a hold and runs them in order once it ends, each once', () => {
		const ckpt = fakeCheckpointer();
		const committed: string[] = [];
		const { commit } = holdable(ckpt, (name: string) => void committed.push(name));
		commit('a');
		ckpt.hold();
		commit('b');
		commit('c');
		expect(committed).toEqual(['a']);
		ckpt.release();
		commit('d');
		expect(committed).toEqual(['a', 'b', 'c', 'd']);
	});

	it('commits the waiting ones at once when asked (settle, close), and not again when the hold ends', () => {
		const ckpt = fakeCheckpointer();
		const committed: string[] = [];
		const { commit, commitHeld } = holdable(ckpt, (name: string) => void committed.push(name));
		ckpt.hold();
		commit('a');
		commitHeld();
		expect(committed).toEqual(['a']);
		commit('b'); // still held: waits again
		expect(committed).toEqual(['a']);
		ckpt.release();
		expect(committed).toEqual(['a', 'b']);
	});
});

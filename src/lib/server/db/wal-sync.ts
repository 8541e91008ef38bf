/**
 * Durable commits without the fsync on the event loop, for a SQLite connection in WAL mode on
 * `synchronous=NORMAL`: the transaction commits on the calling thread (its WAL frames reach the
 * page cache), then one `fdatasync` of the WAL file on libuv's thread pool puts on disk every
 * transaction committed before that sync started, and only then are they answered. That is the
 * sync `synchronous=FULL` does after each commit frame (SQLite's `sqlite3WalFrames` syncs the WAL
 * file and nothing else), run off the event loop and once per group of transactions. NORMAL
 * never leaves the database inconsistent; checkpoints stay with a connection on FULL, which syncs
 * the database file before the WAL is reused.
 */
import { closeSync, fdatasync, fdatasyncSync, fstatSync, openSync } from 'node:fs';

export interface WalIo {
	fdatasync(fd: number, cb: (err: NodeJS.ErrnoException | null) => void): void;
	fdatasyncSync(fd: number): void;
}

type Answer = (err: Error | null) => void;

/**
 * Group syncs of the WAL file. `afterSync(answer)`: `answer` runs once a sync that started after
 * this call has finished, with its error if it failed (those transactions may not be on disk, so
 * the senders send them again). One sync runs at a time; the answers that arrive meanwhile wait
 * for the next one, which starts as soon as it ends. Answers run in the order given.
 * `syncNow()` syncs on the calling thread and runs every answer due (settle, shutdown,
 * synchronous writes); the asynchronous sync still running then answers nothing.
 *
 * After one failed sync, every later answer fails too, until the process restarts: Linux may drop
 * the pages whose write failed and report the next sync as a success, so nothing written since
 * can be called durable (PostgreSQL stops for the same reason). Senders keep their changes and
 * send them again once the server has restarted and SQLite has recovered what is on disk.
 */
export function createWalSyncer(walPath: string, io: WalIo = { fdatasync, fdatasyncSync }) {
	let fd: number | null = null;
	/** the WAL file as it is now: SQLite creates it on the first write and never replaces it while a connection is open */
	const current = (): number => {
		if (fd !== null && fstatSync(fd).nlink > 0) return fd;
		if (fd !== null) closeSync(fd);
		return (fd = openSync(walPath, 'r'));
	};
	/** answers whose transactions are committed and not covered by a sync yet */
	let waiting: Answer[] = [];
	/** the answers the running asynchronous sync covers (null: none running, or answered by syncNow) */
	let running: Answer[] | null = null;
	/** asynchronous syncs not finished (the file stays open for them) */
	let pending = 0;
	let closed = false;
	/** the first failed sync: from then on nothing is answered as durable */
	let broken: Error | null = null;
	/** what to answer after a sync that gave `err` (a failure to open the file breaks nothing: no sync ran) */
	const outcome = (err: Error | null, synced = true): Error | null => {
		if (err && synced && !broken)
			broken = new Error(`the database's write-ahead log could not be synced to disk (${err.message}); restart the server`);
		return err ?? broken;
	};
	const release = () => {
		if (closed && pending === 0 && fd !== null) {
			closeSync(fd);
			fd = null;
		}
	};
	const answerAll = (answers: Answer[], err: Error | null) => {
		for (const answer of answers) answer(err);
	};
	const start = () => {
		const group = (running = waiting);
		waiting = [];
		const finish = (err: Error | null, synced = true) => {
			if (running !== group) return; // answered by syncNow already
			running = null;
			answerAll(group, outcome(err, synced));
			if (waiting.length) start();
		};
		let target: number;
		try {
			target = current();
		} catch (err) {
			return finish(err as Error, false);
		}
		pending++;
		io.fdatasync(target, (err) => {
			pending--;
			release();
			finish(err);
		});
	};
	return {
		fd: () => fd,
		/** the first failed sync, if any (health checks report it) */
		broken: () => broken,
		afterSync(answer: Answer) {
			waiting.push(answer);
			if (!running) start();
		},
		/**
		 * `always`: a write was just made (otherwise only when answers are due). Returns the sync's
		 * error, if it failed, for the synchronous write that asked for it (the answers hear it too).
		 */
		syncNow(always = false): Error | null {
			if (!always && !running && waiting.length === 0) return null;
			let err: Error | null = null;
			let synced = false;
			try {
				const target = current();
				synced = true;
				io.fdatasyncSync(target);
			} catch (e) {
				err = e as Error;
			}
			// the running sync's answers first: answers keep their order
			const due = [...(running ?? []), ...waiting];
			running = null;
			waiting = [];
			const result = outcome(err, synced);
			answerAll(due, result);
			return result;
		},
		/** Closes the WAL file, once the asynchronous sync running (if any) has finished. */
		close() {
			closed = true;
			release();
		}
	};
}

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
		const finish = (err: Error | null) => {
			if (running !== group) return; // answered by syncNow already
			running = null;
			answerAll(group, err);
			if (waiting.length) start();
		};
		try {
			const target = current();
			pending++;
			io.fdatasync(target, (err) => {
				pending--;
				release();
				finish(err);
			});
		} catch (err) {
			finish(err as Error);
		}
	};
	return {
		fd: () => fd,
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
			try {
				io.fdatasyncSync(current());
			} catch (e) {
				err = e as Error;
			}
			// the running sync's answers first: answers keep their order
			const due = [...(running ?? []), ...waiting];
			running = null;
			waiting = [];
			answerAll(due, err);
			return err;
		},
		/** Closes the WAL file, once the asynchronous sync running (if any) has finished. */
		close() {
			closed = true;
			release();
		}
	};
}

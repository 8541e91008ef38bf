/**
 * WAL checkpoints off the event loop, for the connections that commit on `synchronous=NORMAL`
 * with `wal_autocheckpoint = 0` and make their commits durable with `wal-sync.ts` (the sync log,
 * survey intake): an automatic checkpoint (every 1,000 WAL pages) would run inside one of their
 * commits, on the event loop, and stall it for several ms. The checkpointer's own connection is
 * on `synchronous=FULL`, so it syncs the WAL before copying it and the database file before the
 * WAL is reused.
 *
 * Under writes that never pause, a PASSIVE checkpoint never catches up: commits land while it
 * copies, so the WAL is never started over and grows without end (175 MB in 10 s of the sync
 * benchmark), every commit then appends to the file (its sync also writes the file's new size,
 * about twice the cost of overwriting) and a crash leaves all of it to recover. So once the WAL
 * holds `resetFrames` pages, the thread asks the writers of this process to hold their commits
 * (`open` turns false; commits are synchronous on the event loop, so none is half-way) and
 * checkpoints once more with nobody writing; the next commit then starts the WAL over from its
 * beginning. A hold lasts one checkpoint of the pages written since the last one (0.2–3 ms in
 * `bench:sync`, about once a second under its heaviest load); a reader, or another process that
 * is writing, can keep it from completing, and the next round tries again.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = FULL'); // syncs the WAL before copying it and the database before the WAL is reused
const checkpoint = () => { try { return db.pragma('wal_checkpoint(PASSIVE)')[0]; } catch { return null; } };
let holding = false;
let lastLog = 0;
const tick = () => {
	if (holding) return;
	const done = checkpoint();
	if (!done) return;
	// still growing past resetFrames pages without starting over: the writers are never all quiet at once
	const growing = done.log >= workerData.resetFrames && done.log > lastLog;
	lastLog = done.log;
	if (growing) {
		holding = true;
		parentPort.postMessage('hold');
	}
};
const timer = setInterval(tick, workerData.everyMs);
parentPort.on('message', (message) => {
	if (message === 'held') {
		checkpoint(); // nobody writes: this one copies the rest, and the next commit starts the WAL over
		holding = false;
		parentPort.postMessage('done');
		return;
	}
	clearInterval(timer);
	checkpoint();
	db.close();
	parentPort.close();
});
`;

/**
 * The WAL file's size once it starts over, at most (`journal_size_limit` on the writers'
 * connections): a WAL that grew in a burst or a disk stall gives the disk back, one of the
 * working size is overwritten in place.
 */
export const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

export interface Checkpointer {
	/** false while the thread checkpoints with the writers held: commit later (`whenOpen`) */
	open(): boolean;
	/** runs `fn` once the writers may commit again (at once when they may) */
	whenOpen(fn: () => void): void;
	/** how often the writers were held, and for how long in all (ms) */
	stats(): { holds: number; heldMs: number };
	stop(): Promise<void>;
}

export interface CheckpointerOptions {
	/** how often the thread checkpoints (ms) */
	everyMs: number;
	/** WAL pages past which the writers are held for a checkpoint that lets the WAL start over (default 1,000, SQLite's own checkpoint threshold) */
	resetFrames?: number;
}

/**
 * A worker thread with its own connection to the database file at `path` that checkpoints the
 * WAL every `everyMs` (PASSIVE: never blocks writers), and once more when stopped. One thread per
 * file in the process, shared by everyone who asks for it (the app's context, the sync log, survey
 * intake): the first one's options hold, and a hold applies to all of them. `stop` lets go of it;
 * the last one to let go stops the thread, and its `stop` resolves once the thread has closed its
 * connection and exited. Nothing to do for `:memory:`.
 */
export function startCheckpointer(path: string, opts: CheckpointerOptions): Checkpointer {
	if (path === ':memory:')
		return { open: () => true, whenOpen: (fn) => fn(), stats: () => ({ holds: 0, heldMs: 0 }), stop: async () => {} };
	let shared = threads.get(path);
	if (!shared) threads.set(path, (shared = { users: 0, thread: startThread(path, opts) }));
	shared.users++;
	const mine = shared;
	let stopped: Promise<void> | null = null;
	return {
		open: () => mine.thread.open(),
		whenOpen: (fn) => mine.thread.whenOpen(fn),
		stats: () => mine.thread.stats(),
		stop: () => {
			if (stopped) return stopped;
			if (--mine.users > 0) return (stopped = Promise.resolve());
			if (threads.get(path) === mine) threads.delete(path);
			return (stopped = mine.thread.stop());
		}
	};
}

const threads = new Map<string, { users: number; thread: Checkpointer }>();

/** The longest the writers are held (ms): a checkpoint caught in a disk stall lets them go on. */
const MAX_HOLD_MS = 250;

function startThread(path: string, opts: CheckpointerOptions): Checkpointer {
	const module = createRequire(import.meta.url).resolve('better-sqlite3');
	const workerData = { path, everyMs: opts.everyMs, resetFrames: opts.resetFrames ?? 1000, module };
	const worker = new Worker(CHECKPOINTER, { eval: true, workerData });
	let held = false;
	let waiting: (() => void)[] = [];
	let giveUp: ReturnType<typeof setTimeout> | null = null;
	const counts = { holds: 0, heldMs: 0 };
	let heldSince = 0;
	const release = () => {
		if (giveUp) clearTimeout(giveUp);
		giveUp = null;
		if (!held) return;
		held = false;
		counts.heldMs += performance.now() - heldSince;
		const due = waiting;
		waiting = [];
		for (const fn of due) fn();
	};
	worker.on('message', (message) => {
		if (message === 'done') return release();
		if (message !== 'hold') return;
		if (!held) {
			held = true;
			counts.holds++;
			heldSince = performance.now();
			giveUp = setTimeout(release, MAX_HOLD_MS);
			giveUp.unref();
		}
		worker.postMessage('held'); // always answered: the thread waits for it before checkpointing again
	});
	worker.on('error', () => {}); // a failed checkpointer leaves the WAL to grow until the next open: never fatal
	worker.unref();
	const exited = new Promise<void>((ok) => worker.once('exit', () => ok()));
	void exited.then(release); // a thread that died mid-hold holds nobody
	return {
		open: () => !held,
		whenOpen: (fn) => (held ? void waiting.push(fn) : fn()),
		stats: () => ({ ...counts }),
		stop: () => {
			worker.ref(); // someone now waits for it: keep the process alive until it has exited
			worker.postMessage('stop');
			release();
			return exited;
		}
	};
}

/**
 * Wraps an asynchronous commit `(args…) => void` so that calls made while `checkpointer` holds
 * the writers wait, in order, and are committed once it lets them go. `commitHeld` commits the
 * waiting ones at once (settling, closing: a write during the checkpoint only means the WAL does
 * not start over this round).
 */
export function holdable<A extends unknown[]>(checkpointer: Pick<Checkpointer, 'open' | 'whenOpen'>, commit: (...args: A) => void) {
	let held: A[] = [];
	const commitHeld = () => {
		const due = held;
		held = [];
		for (const args of due) commit(...args);
	};
	return {
		commitHeld,
		commit: (...args: A): void => {
			if (held.length === 0 && checkpointer.open()) return commit(...args);
			if (held.length === 0) checkpointer.whenOpen(commitHeld);
			held.push(args);
		}
	};
}

/**
 * WAL checkpoints off the event loop, for the connections that commit on `synchronous=NORMAL`
 * with `wal_autocheckpoint = 0` and make their commits durable with `wal-sync.ts` (the sync log,
 * survey intake): an automatic checkpoint (every 1,000 WAL pages) would run inside one of their
 * commits, on the event loop, and stall it for several ms. The checkpointer's own connection is
 * on `synchronous=FULL`, so it syncs the WAL before copying it and the database file before the
 * WAL is reused.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = FULL'); // syncs the WAL before copying it and the database before the WAL is reused
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

/**
 * A worker thread with its own connection to the database file at `path` that checkpoints the
 * WAL every `everyMs` (PASSIVE: never blocks writers), and once more when stopped. One thread per
 * file in the process, shared by everyone who asks for it (the sync log and survey intake): the
 * first one's interval holds. `stop` lets go of it; the last one to let go stops the thread, and
 * its `stop` resolves once the thread has closed its connection and exited. Nothing to do for
 * `:memory:`.
 */
export function startCheckpointer(path: string, everyMs: number): { stop(): Promise<void> } {
	if (path === ':memory:') return { stop: async () => {} };
	let shared = threads.get(path);
	if (!shared) threads.set(path, (shared = { users: 0, thread: startThread(path, everyMs) }));
	shared.users++;
	const mine = shared;
	let stopped: Promise<void> | null = null;
	return {
		stop: () => {
			if (stopped) return stopped;
			if (--mine.users > 0) return (stopped = Promise.resolve());
			if (threads.get(path) === mine) threads.delete(path);
			return (stopped = mine.thread.stop());
		}
	};
}

const threads = new Map<string, { users: number; thread: { stop(): Promise<void> } }>();

function startThread(path: string, everyMs: number): { stop(): Promise<void> } {
	const module = createRequire(import.meta.url).resolve('better-sqlite3');
	const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { path, everyMs, module } });
	worker.on('error', () => {}); // a failed checkpointer leaves the WAL to grow until the next open: never fatal
	worker.unref();
	const exited = new Promise<void>((ok) => worker.once('exit', () => ok()));
	return {
		stop: () => {
			worker.ref(); // someone now waits for it: keep the process alive until it has exited
			worker.postMessage('stop');
			return exited;
		}
	};
}

/**
 * The application context: one per process, built by `server/index.ts` in production (or lazily
 * under `vite dev`), shared with the SvelteKit handler through a global symbol because the
 * handler bundle and the Node entry load their own copies of these modules.
 */
import { statSync } from 'node:fs';
import { createAccountService } from './accounts/service';
import { createSessionStore } from './auth/session';
import type { Config } from './config';
import { startCheckpointer } from './db/checkpointer';
import { createDb, type Database_ } from './db/client';
import { liveDocs } from './docs/live';
import { createEventBus, type EventBus } from './events';
import { createLogger, type Logger } from './log';
import { createMailer } from './mail';
import { createSurveyService } from './surveys/service';

export interface AppContext {
	config: Config;
	log: Logger;
	database: Database_;
	events: EventBus;
	sessions: ReturnType<typeof createSessionStore>;
	accounts: ReturnType<typeof createAccountService>;
	surveys: ReturnType<typeof createSurveyService>;
	version: string;
	startedAt: number;
	/** Live figures other modules report (sync: loaded documents, connections). */
	metrics: Record<string, () => number>;
	/** Health checks other modules add: null when fine, else what is wrong (/healthz answers 503). */
	checks: Record<string, () => string | null>;
	/** Closes what the context opened, in order (STACK.md pitfall 10). */
	close(): Promise<void>;
	/** Steps to run on close before the database closes (sync flush, sockets). */
	onClose(fn: () => Promise<void> | void): void;
	/** The sync server, created on the first `/sync` upgrade (server/sync/for-context.ts). */
	sync?: unknown;
}

const KEY = Symbol.for('civicloop.context');
type Holder = { [KEY]?: AppContext };

/** Opens the database, applies migrations and wires the services. */
export function createContext(config: Config, opts: { version?: string; log?: Logger } = {}): AppContext {
	const log = opts.log ?? createLogger(config.logLevel);
	const database = createDb(config.databaseFile);
	// WAL checkpoints on a thread of their own (shared with the sync log and intake), never inside
	// one of this connection's commits on the event loop: past 1,000 WAL pages SQLite would copy
	// them to the database file and sync it there, a stall of tens of ms under sync load.
	const checkpointer = startCheckpointer(database.path, { everyMs: 1000 });
	if (database.path !== ':memory:') database.sqlite.pragma('wal_autocheckpoint = 0');
	const events = createEventBus();
	const sessions = createSessionStore(database, { idleMs: config.sessionIdleMs, maxMs: config.sessionMaxMs });
	const mailer = createMailer(config.smtpUrl, config.mailFrom, log);
	const accounts = createAccountService({ database, sessions, events, mailer, log, invitationMs: config.invitationMs });
	// The surveys module reaches the co-edited drafts through this context's sync engine.
	const surveys = createSurveyService({ database, log, live: () => liveDocs(ctx) });
	const closers: (() => Promise<void> | void)[] = [() => surveys.close()];
	const purge = setInterval(() => sessions.purgeExpired(), 3_600_000);
	purge.unref();
	let closed = false;
	const ctx: AppContext = {
		config,
		log,
		database,
		events,
		sessions,
		accounts,
		surveys,
		version: opts.version ?? 'dev',
		startedAt: Date.now(),
		metrics: {
			// the WAL's size and how often the writers were held so that it could start over (checkpointer.ts)
			walBytes: () => walSize(database.path),
			walHolds: () => checkpointer.stats().holds
		},
		checks: { surveyIntake: () => surveys.intakeStorageError()?.message ?? null },
		onClose: (fn) => void closers.push(fn),
		async close() {
			if (closed) return;
			closed = true;
			clearInterval(purge);
			for (const fn of closers) await fn();
			await checkpointer.stop();
			database.close(); // the last connection to close checkpoints what is left
		}
	};
	return ctx;
}

function walSize(path: string): number {
	try {
		return statSync(`${path}-wal`).size;
	} catch {
		return 0; // in memory, or not created yet
	}
}

export function setContext(ctx: AppContext | undefined): void {
	(globalThis as Holder)[KEY] = ctx;
}

export function peekContext(): AppContext | undefined {
	return (globalThis as Holder)[KEY];
}

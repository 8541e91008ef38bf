/**
 * Opens the SQLite database: WAL, foreign keys, migrations applied at start. A factory, not a
 * module-level singleton, so tests and the demo can open their own files.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema';

export type Schema = typeof schema;
/** the drizzle query builder on one connection (`$client`: that connection's better-sqlite3 handle) */
export type Db = BetterSQLite3Database<Schema> & { $client: Database.Database };

export interface Database_ {
	/** drizzle query builder */
	db: Db;
	/** the raw better-sqlite3 handle, for pragmas, backups and hot statements */
	sqlite: Database.Database;
	path: string;
	/**
	 * Runs `fn` in one transaction. The body must be synchronous: better-sqlite3 commits when it
	 * returns, so never await non-database work inside (STACK.md pitfall 13).
	 */
	tx<T>(fn: (db: Db) => T): T;
	close(): void;
}

export class DataDirError extends Error {
	override name = 'DataDirError';
}

/** Resolves the migrations folder whether running from source, tsx or a build. */
function migrationsFolder(): string {
	const candidates = [
		process.env.CIVICLOOP_MIGRATIONS,
		resolve(process.cwd(), 'drizzle'),
		resolve(dirname(new URL(import.meta.url).pathname), '../../../../drizzle')
	].filter((p): p is string => !!p);
	const found = candidates.find((p) => existsSync(resolve(p, 'meta/_journal.json')));
	if (!found) throw new DataDirError(`migrations folder not found (looked in ${candidates.join(', ')})`);
	return found;
}

/** Makes sure the directory that will hold the database file exists and is writable. */
export function ensureDataDir(dir: string): void {
	try {
		if (existsSync(dir)) {
			if (!statSync(dir).isDirectory()) throw new DataDirError(`DATA_DIR ${dir} is not a directory`);
		} else {
			mkdirSync(dir, { recursive: true });
		}
		accessSync(dir, constants.W_OK | constants.R_OK);
	} catch (e) {
		if (e instanceof DataDirError) throw e;
		throw new DataDirError(`DATA_DIR ${dir} cannot be used: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
	}
}

/** Opens (creating if needed) the database file at `path` and applies pending migrations. */
export function createDb(path: string, opts: { migrate?: boolean } = {}): Database_ {
	if (path !== ':memory:') ensureDataDir(dirname(path));
	let sqlite: Database.Database;
	try {
		sqlite = new Database(path);
		sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('synchronous = NORMAL');
		sqlite.pragma('foreign_keys = ON');
		sqlite.pragma('busy_timeout = 5000');
		const check = sqlite.pragma('quick_check', { simple: true });
		if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
	} catch (e) {
		throw new DataDirError(`database ${path} cannot be opened: ${(e as Error).message}`);
	}
	const db = drizzle(sqlite, { schema });
	if (opts.migrate !== false) {
		try {
			migrate(db, { migrationsFolder: migrationsFolder() });
		} catch (e) {
			sqlite.close();
			if (e instanceof DataDirError) throw e;
			throw new DataDirError(`database ${path} could not be migrated: ${(e as Error).message}`);
		}
	}
	return {
		db,
		sqlite,
		path,
		tx: (fn) => sqlite.transaction(() => fn(db))(),
		close: () => {
			if (sqlite.open) sqlite.close();
		}
	};
}

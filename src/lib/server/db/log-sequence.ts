/**
 * The update log's sequence numbers (`sync_log_sequence`, one row, made by migration 0007). Every
 * writer of the log takes them here, inside its write transaction: the sync store for each batch
 * (server/sync/sqlite-store.ts) and the seeding of a new document (docs/repository.ts), on
 * different connections. So they stay unique and increasing across both, and a number deleted
 * with the log it numbered is never given again.
 */
import type Database from 'better-sqlite3';

/** Prepared on `sqlite`: takes `n` numbers and returns the last of them. */
export function logSequence(sqlite: Database.Database): (n: number) => number {
	const take = sqlite.prepare<[number], number>('update sync_log_sequence set seq = seq + ? where id = 1 returning seq').pluck();
	return (n) => take.get(n)!;
}

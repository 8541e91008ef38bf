/**
 * Queries built and prepared once per database instead of on every call, for lookups on hot
 * paths (every sync handshake, every API request): drizzle's query building and SQLite's
 * statement preparation cost far more than running the statement. Values go in through
 * `sql.placeholder(name)`; results are mapped by drizzle exactly as the unprepared query's.
 *
 *   const byName = preparedOnce((db) => db.select().from(t).where(eq(t.name, sql.placeholder('name'))).prepare());
 *   byName(db).get({ name })
 *
 * Cached per drizzle instance (`Database_.tx` runs its body with the same instance, and a
 * statement prepared on a connection runs inside that connection's transactions).
 */
import type { Db } from './client';

export function preparedOnce<Q>(build: (db: Db) => Q): (db: Db) => Q {
	const cache = new WeakMap<Db, Q>();
	return (db) => {
		let q = cache.get(db);
		if (q === undefined) {
			q = build(db);
			cache.set(db, q);
		}
		return q;
	};
}

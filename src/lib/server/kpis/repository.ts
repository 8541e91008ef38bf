/** SQL for focus areas, KPIs and readings; every query scoped by organization. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { focusAreas, kpiReadings, kpis, users } from '../db/schema';

export type FocusAreaRow = typeof focusAreas.$inferSelect;
export type KpiRow = typeof kpis.$inferSelect;
export type ReadingRow = typeof kpiReadings.$inferSelect;

export const focusAreaRepo = {
	list(db: Db, organizationId: string): FocusAreaRow[] {
		return db.select().from(focusAreas).where(eq(focusAreas.organizationId, organizationId)).orderBy(asc(focusAreas.name)).all();
	},
	get(db: Db, organizationId: string, id: string): FocusAreaRow | undefined {
		return db
			.select()
			.from(focusAreas)
			.where(and(eq(focusAreas.organizationId, organizationId), eq(focusAreas.id, id)))
			.get();
	},
	byName(db: Db, organizationId: string, name: string): FocusAreaRow | undefined {
		return db
			.select()
			.from(focusAreas)
			.where(and(eq(focusAreas.organizationId, organizationId), sql`lower(${focusAreas.name}) = lower(${name})`))
			.get();
	},
	insert(db: Db, row: typeof focusAreas.$inferInsert): void {
		db.insert(focusAreas).values(row).run();
	},
	update(db: Db, organizationId: string, id: string, patch: { name: string; description: string }): number {
		return db
			.update(focusAreas)
			.set(patch)
			.where(and(eq(focusAreas.organizationId, organizationId), eq(focusAreas.id, id)))
			.run().changes;
	},
	remove(db: Db, organizationId: string, id: string): number {
		return db
			.delete(focusAreas)
			.where(and(eq(focusAreas.organizationId, organizationId), eq(focusAreas.id, id)))
			.run().changes;
	}
};

export const kpiRepo = {
	list(db: Db, organizationId: string) {
		return db
			.select({ kpi: kpis, focusAreaName: focusAreas.name, ownerName: users.name })
			.from(kpis)
			.leftJoin(focusAreas, eq(focusAreas.id, kpis.focusAreaId))
			.leftJoin(users, eq(users.id, kpis.ownerId))
			.where(eq(kpis.organizationId, organizationId))
			.orderBy(asc(kpis.name))
			.all();
	},
	get(db: Db, organizationId: string, id: string) {
		return db
			.select({ kpi: kpis, focusAreaName: focusAreas.name, ownerName: users.name })
			.from(kpis)
			.leftJoin(focusAreas, eq(focusAreas.id, kpis.focusAreaId))
			.leftJoin(users, eq(users.id, kpis.ownerId))
			.where(and(eq(kpis.organizationId, organizationId), eq(kpis.id, id)))
			.get();
	},
	byName(db: Db, organizationId: string, name: string): KpiRow | undefined {
		return db
			.select()
			.from(kpis)
			.where(and(eq(kpis.organizationId, organizationId), sql`lower(${kpis.name}) = lower(${name})`))
			.get();
	},
	insert(db: Db, row: typeof kpis.$inferInsert): void {
		db.insert(kpis).values(row).run();
	},
	update(db: Db, organizationId: string, id: string, patch: Partial<typeof kpis.$inferInsert>): number {
		return db
			.update(kpis)
			.set(patch)
			.where(and(eq(kpis.organizationId, organizationId), eq(kpis.id, id)))
			.run().changes;
	},
	remove(db: Db, organizationId: string, id: string): number {
		return db
			.delete(kpis)
			.where(and(eq(kpis.organizationId, organizationId), eq(kpis.id, id)))
			.run().changes;
	}
};

export const readingRepo = {
	list(db: Db, organizationId: string, kpiId: string): ReadingRow[] {
		return db
			.select()
			.from(kpiReadings)
			.where(and(eq(kpiReadings.organizationId, organizationId), eq(kpiReadings.kpiId, kpiId)))
			.orderBy(asc(kpiReadings.date))
			.all();
	},
	/** All readings of the organization's KPIs (the list page's statuses). */
	all(db: Db, organizationId: string): ReadingRow[] {
		return db.select().from(kpiReadings).where(eq(kpiReadings.organizationId, organizationId)).orderBy(asc(kpiReadings.date)).all();
	},
	/** Adds or replaces the reading of that date. */
	upsert(db: Db, row: typeof kpiReadings.$inferInsert): void {
		db.insert(kpiReadings)
			.values(row)
			.onConflictDoUpdate({
				target: [kpiReadings.kpiId, kpiReadings.date],
				set: { value: row.value, note: row.note ?? '', createdBy: row.createdBy ?? null }
			})
			.run();
	},
	remove(db: Db, organizationId: string, kpiId: string, id: string): number {
		return db
			.delete(kpiReadings)
			.where(and(eq(kpiReadings.organizationId, organizationId), eq(kpiReadings.kpiId, kpiId), eq(kpiReadings.id, id)))
			.run().changes;
	}
};

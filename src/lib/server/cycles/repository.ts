/**
 * SQL for cycles, their focus areas and their timeline (the organization's `activity` rows whose
 * subject is the cycle). Every query is scoped by organization.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { activity, checklistItems, cycleFocusAreas, cycleSurveys, cycles, focusAreas, surveys, users } from '../db/schema';

export type CycleRow = typeof cycles.$inferSelect;

export const cycleRepo = {
	insert(db: Db, row: typeof cycles.$inferInsert): void {
		db.insert(cycles).values(row).run();
	},
	get(db: Db, organizationId: string, id: string): CycleRow | undefined {
		return db
			.select()
			.from(cycles)
			.where(and(eq(cycles.organizationId, organizationId), eq(cycles.id, id)))
			.get();
	},
	list(db: Db, organizationId: string) {
		return db
			.select({ cycle: cycles, ownerName: users.name })
			.from(cycles)
			.leftJoin(users, eq(users.id, cycles.ownerId))
			.where(eq(cycles.organizationId, organizationId))
			.orderBy(asc(cycles.status), desc(cycles.periodStart), desc(cycles.createdAt))
			.all();
	},
	update(db: Db, organizationId: string, id: string, patch: Partial<Pick<CycleRow, 'phase' | 'status' | 'closedAt' | 'surveyId'>>): number {
		return db
			.update(cycles)
			.set(patch)
			.where(and(eq(cycles.organizationId, organizationId), eq(cycles.id, id)))
			.run().changes;
	},
	/** Moves the phase only if it is still `from` (two managers clicking at once move it once). */
	movePhase(db: Db, organizationId: string, id: string, from: CycleRow['phase'], to: CycleRow['phase']): number {
		return db
			.update(cycles)
			.set({ phase: to })
			.where(and(eq(cycles.organizationId, organizationId), eq(cycles.id, id), eq(cycles.phase, from), eq(cycles.status, 'active')))
			.run().changes;
	},
	byPlanDoc(db: Db, organizationId: string, planDoc: string): CycleRow | undefined {
		return db
			.select()
			.from(cycles)
			.where(and(eq(cycles.organizationId, organizationId), eq(cycles.planDoc, planDoc)))
			.get();
	}
};

export const cycleFocusRepo = {
	set(db: Db, organizationId: string, cycleId: string, focusAreaIds: string[]): void {
		db.delete(cycleFocusAreas)
			.where(and(eq(cycleFocusAreas.organizationId, organizationId), eq(cycleFocusAreas.cycleId, cycleId)))
			.run();
		if (focusAreaIds.length)
			db.insert(cycleFocusAreas)
				.values([...new Set(focusAreaIds)].map((focusAreaId) => ({ cycleId, focusAreaId, organizationId })))
				.run();
	},
	list(db: Db, organizationId: string, cycleId: string) {
		return db
			.select({ id: focusAreas.id, name: focusAreas.name, description: focusAreas.description })
			.from(cycleFocusAreas)
			.innerJoin(focusAreas, eq(focusAreas.id, cycleFocusAreas.focusAreaId))
			.where(and(eq(cycleFocusAreas.organizationId, organizationId), eq(cycleFocusAreas.cycleId, cycleId)))
			.orderBy(asc(focusAreas.name))
			.all();
	},
	/** Which of `ids` are focus areas of `organizationId` (refuses other organizations' ids). */
	existing(db: Db, organizationId: string, ids: string[]): string[] {
		if (ids.length === 0) return [];
		return db
			.select({ id: focusAreas.id })
			.from(focusAreas)
			.where(and(eq(focusAreas.organizationId, organizationId), inArray(focusAreas.id, ids)))
			.all()
			.map((r) => r.id);
	}
};

export const cycleChecklistRepo = {
	items(db: Db, organizationId: string, docName: string) {
		return db
			.select()
			.from(checklistItems)
			.where(and(eq(checklistItems.organizationId, organizationId), eq(checklistItems.docName, docName)))
			.orderBy(asc(checklistItems.position))
			.all();
	}
};

export const timelineRepo = {
	list(db: Db, organizationId: string, cycleId: string, limit = 30) {
		return db
			.select({ id: activity.id, type: activity.type, data: activity.data, at: activity.at, actorName: users.name })
			.from(activity)
			.leftJoin(users, eq(users.id, activity.actorId))
			.where(and(eq(activity.organizationId, organizationId), eq(activity.subject, cycleId)))
			.orderBy(desc(activity.at), desc(activity.id))
			.limit(limit)
			.all();
	}
};

/** Surveys linked to cycles; both sides of the organization (the service checks the survey). */
export const cycleSurveyRepo = {
	link(db: Db, row: { organizationId: string; cycleId: string; surveyId: string; linkedBy: string }): boolean {
		return db.insert(cycleSurveys).values(row).onConflictDoNothing().run().changes > 0;
	},
	unlink(db: Db, organizationId: string, cycleId: string, surveyId: string): boolean {
		return (
			db
				.delete(cycleSurveys)
				.where(and(eq(cycleSurveys.organizationId, organizationId), eq(cycleSurveys.cycleId, cycleId), eq(cycleSurveys.surveyId, surveyId)))
				.run().changes > 0
		);
	},
	/** The cycle's linked surveys, oldest link first. */
	list(db: Db, organizationId: string, cycleId: string) {
		return db
			.select({ id: surveys.id, title: surveys.title, kind: surveys.kind, status: surveys.status, linkedAt: cycleSurveys.linkedAt })
			.from(cycleSurveys)
			.innerJoin(surveys, and(eq(surveys.id, cycleSurveys.surveyId), eq(surveys.organizationId, organizationId)))
			.where(and(eq(cycleSurveys.organizationId, organizationId), eq(cycleSurveys.cycleId, cycleId)))
			.orderBy(asc(cycleSurveys.linkedAt), asc(surveys.title))
			.all();
	},
	/** Ids of the cycles a survey is linked to (or is the questionnaire of). */
	cyclesOf(db: Db, organizationId: string, surveyId: string): string[] {
		const linked = db
			.select({ id: cycleSurveys.cycleId })
			.from(cycleSurveys)
			.where(and(eq(cycleSurveys.organizationId, organizationId), eq(cycleSurveys.surveyId, surveyId)))
			.all()
			.map((r) => r.id);
		const questionnaire = db
			.select({ id: cycles.id })
			.from(cycles)
			.where(and(eq(cycles.organizationId, organizationId), eq(cycles.surveyId, surveyId)))
			.all()
			.map((r) => r.id);
		return [...new Set([...linked, ...questionnaire])];
	}
};

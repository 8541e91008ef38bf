/**
 * Focus areas (per organization) and KPIs with their readings: entered by hand or imported from
 * CSV (all or nothing, each bad line reported by number).
 */
import type { Actor } from '../../domain/auth/policies';
import { focusAreaInput, kpiInput, readingInput } from '../../domain/cycles/schemas';
import { AppError } from '../../domain/errors';
import { parseReadingsCsv } from '../../domain/kpi/csv';
import { parse } from '../../domain/validation';
import { userRepo } from '../accounts/repository';
import { newId } from '../auth/tokens';
import type { Database_ } from '../db/client';
import { need } from '../cycles/service';
import { presentFocusArea, presentKpi, presentReading, type FocusAreaView, type KpiView, type ReadingView } from './presenter';
import { focusAreaRepo, kpiRepo, readingRepo } from './repository';

const taken = (field: string, what: string) =>
	new AppError('conflict', `${what} with that name already exists.`, { fields: { [field]: 'Already used: choose another name.' } });

export function createKpiService(deps: { database: Database_ }) {
	const { db, tx } = deps.database;

	function kpiOf(actor: Actor, id: string) {
		need(actor, 'doc.read');
		const found = kpiRepo.get(db, actor.organizationId, id);
		if (!found) throw new AppError('kpi.not_found', 'This KPI does not exist, or you do not have access to it.');
		return found;
	}

	function checkRefs(actor: Actor, data: { ownerId: string | null; focusAreaId: string | null }) {
		if (data.ownerId && !userRepo.get(db, actor.organizationId, data.ownerId))
			throw new AppError('validation.failed', 'Check ownerId.', { fields: { ownerId: 'Choose a member of your organization.' } });
		if (data.focusAreaId && !focusAreaRepo.get(db, actor.organizationId, data.focusAreaId))
			throw new AppError('validation.failed', 'Check focusAreaId.', { fields: { focusAreaId: 'Choose one of your focus areas.' } });
	}

	return {
		focusAreas(actor: Actor): FocusAreaView[] {
			need(actor, 'doc.read');
			return focusAreaRepo.list(db, actor.organizationId).map(presentFocusArea);
		},

		createFocusArea(actor: Actor, input: unknown): FocusAreaView {
			need(actor, 'cycle.manage');
			const data = parse(focusAreaInput, input);
			if (focusAreaRepo.byName(db, actor.organizationId, data.name)) throw taken('name', 'A focus area');
			const row = { id: newId(), organizationId: actor.organizationId, ...data };
			focusAreaRepo.insert(db, row);
			return presentFocusArea({ ...row, createdAt: new Date() });
		},

		updateFocusArea(actor: Actor, id: string, input: unknown): void {
			need(actor, 'cycle.manage');
			const data = parse(focusAreaInput, input);
			const other = focusAreaRepo.byName(db, actor.organizationId, data.name);
			if (other && other.id !== id) throw taken('name', 'A focus area');
			if (focusAreaRepo.update(db, actor.organizationId, id, data) === 0) throw new AppError('not_found', 'No such focus area.');
		},

		removeFocusArea(actor: Actor, id: string): void {
			need(actor, 'cycle.manage');
			if (focusAreaRepo.remove(db, actor.organizationId, id) === 0) throw new AppError('not_found', 'No such focus area.');
		},

		list(actor: Actor, now = Date.now()): KpiView[] {
			need(actor, 'doc.read');
			const readings = readingRepo.all(db, actor.organizationId);
			return kpiRepo.list(db, actor.organizationId).map((r) =>
				presentKpi(
					r.kpi,
					readings.filter((x) => x.kpiId === r.kpi.id),
					r,
					now
				)
			);
		},

		get(actor: Actor, id: string, now = Date.now()): { kpi: KpiView; readings: ReadingView[] } {
			const r = kpiOf(actor, id);
			const readings = readingRepo.list(db, actor.organizationId, id);
			return { kpi: presentKpi(r.kpi, readings, r, now), readings: readings.map(presentReading) };
		},

		create(actor: Actor, input: unknown): { id: string } {
			need(actor, 'cycle.manage');
			const data = parse(kpiInput, input);
			checkRefs(actor, data);
			if (kpiRepo.byName(db, actor.organizationId, data.name)) throw taken('name', 'A KPI');
			const id = newId();
			kpiRepo.insert(db, { id, organizationId: actor.organizationId, ...data });
			return { id };
		},

		update(actor: Actor, id: string, input: unknown): void {
			kpiOf(actor, id);
			need(actor, 'cycle.manage');
			const data = parse(kpiInput, input);
			checkRefs(actor, data);
			const other = kpiRepo.byName(db, actor.organizationId, data.name);
			if (other && other.id !== id) throw taken('name', 'A KPI');
			kpiRepo.update(db, actor.organizationId, id, data);
		},

		remove(actor: Actor, id: string): void {
			kpiOf(actor, id);
			need(actor, 'cycle.manage');
			kpiRepo.remove(db, actor.organizationId, id);
		},

		addReading(actor: Actor, id: string, input: unknown): void {
			kpiOf(actor, id);
			need(actor, 'kpi.record');
			const data = parse(readingInput, input);
			readingRepo.upsert(db, { id: newId(), organizationId: actor.organizationId, kpiId: id, ...data, createdBy: actor.id });
		},

		removeReading(actor: Actor, id: string, readingId: string): void {
			kpiOf(actor, id);
			need(actor, 'kpi.record');
			if (readingRepo.remove(db, actor.organizationId, id, readingId) === 0) throw new AppError('not_found', 'No such reading.');
		},

		/** Imports `date,value[,note]` lines: every line stored, or none (bad lines listed by number). */
		importCsv(actor: Actor, id: string, text: string): { imported: number } {
			kpiOf(actor, id);
			need(actor, 'kpi.record');
			if (text.length > 1_000_000) throw new AppError('payload.too_large', 'The file is larger than 1 MB.');
			const r = parseReadingsCsv(text);
			if (!r.ok) {
				const shown = r.errors.slice(0, 20).map((e) => `Line ${e.line}: ${e.message}`);
				const more = r.errors.length > 20 ? ` …and ${r.errors.length - 20} more.` : '';
				throw new AppError('import.invalid', `Nothing was imported. ${shown.join(' ')}${more}`, {
					fields: Object.fromEntries(r.errors.slice(0, 50).map((e) => [`line${e.line}`, e.message]))
				});
			}
			tx((t) => {
				for (const row of r.rows)
					readingRepo.upsert(t, {
						id: newId(),
						organizationId: actor.organizationId,
						kpiId: id,
						date: row.date,
						value: row.value,
						note: row.note,
						createdBy: actor.id
					});
			});
			return { imported: r.rows.length };
		}
	};
}

export type KpiService = ReturnType<typeof createKpiService>;

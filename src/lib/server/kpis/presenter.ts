/** What leaves the server about focus areas and KPIs. */
import { KPI_STATUS_LABELS, evaluateKpi, type KpiEvaluation } from '../../domain/kpi/status';
import type { FocusAreaRow, KpiRow, ReadingRow } from './repository';

export interface FocusAreaView {
	id: string;
	name: string;
	description: string;
}

export function presentFocusArea(f: FocusAreaRow): FocusAreaView {
	return { id: f.id, name: f.name, description: f.description };
}

export interface ReadingView {
	id: string;
	date: string;
	value: number;
	note: string;
}

export interface KpiView {
	id: string;
	name: string;
	unit: string;
	direction: 'higher' | 'lower';
	baseline: number;
	target: number;
	targetDate: string;
	baselineDate: string | null;
	source: KpiRow['source'];
	sourceRef: string | null;
	ownerId: string | null;
	ownerName: string | null;
	focusAreaId: string | null;
	focusAreaName: string | null;
	status: KpiEvaluation['status'];
	statusLabel: string;
	reason: string;
	latest: number | null;
	projected: number | null;
}

const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Evaluates the KPI with `evaluateKpi` (the rule shown on the KPI page). */
export function presentKpi(
	k: KpiRow,
	readings: Pick<ReadingRow, 'date' | 'value'>[],
	names: { focusAreaName: string | null; ownerName: string | null },
	now = Date.now()
): KpiView {
	const e = evaluateKpi(
		{
			direction: k.direction,
			baseline: k.baseline,
			target: k.target,
			targetDate: ms(k.targetDate),
			baselineDate: k.baselineDate ? ms(k.baselineDate) : undefined
		},
		readings.map((r) => ({ at: ms(r.date), value: r.value })),
		now
	);
	return {
		id: k.id,
		name: k.name,
		unit: k.unit,
		direction: k.direction,
		baseline: k.baseline,
		target: k.target,
		targetDate: k.targetDate,
		baselineDate: k.baselineDate,
		source: k.source,
		sourceRef: k.sourceRef,
		ownerId: k.ownerId,
		ownerName: names.ownerName,
		focusAreaId: k.focusAreaId,
		focusAreaName: names.focusAreaName,
		status: e.status,
		statusLabel: KPI_STATUS_LABELS[e.status],
		reason: e.reason,
		latest: e.latest,
		projected: e.projected === null ? null : Math.round(e.projected * 100) / 100
	};
}

export function presentReading(r: ReadingRow): ReadingView {
	return { id: r.id, date: r.date, value: r.value, note: r.note };
}

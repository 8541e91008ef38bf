/**
 * KPI status from its readings, baseline and target — the rule shown on the KPI page:
 *
 * 1. No readings: "no data".
 * 2. The latest reading meets the target (in the KPI's direction): "on track".
 * 3. Past the target date without meeting it: "off track".
 * 4. Otherwise project to the target date: with two or more readings, the least-squares line
 *    through them; with one, the straight path from the baseline (at the first reading's date, or
 *    the KPI's start) through it. Share of the baseline→target gap the projection covers:
 *    ≥ 100 % "on track", ≥ 75 % "at risk", below "off track".
 */
export type Direction = 'higher' | 'lower';
export type KpiStatus = 'on_track' | 'at_risk' | 'off_track' | 'no_data';

export const KPI_STATUS_LABELS: Record<KpiStatus, string> = {
	on_track: 'On track',
	at_risk: 'At risk',
	off_track: 'Off track',
	no_data: 'No data yet'
};

export interface Reading {
	/** milliseconds since the epoch */
	at: number;
	value: number;
}

export interface KpiDefinition {
	direction: Direction;
	baseline: number;
	target: number;
	/** ms since the epoch */
	targetDate: number;
	/** when the baseline was measured (ms); defaults to the first reading */
	baselineDate?: number;
}

export interface KpiEvaluation {
	status: KpiStatus;
	latest: number | null;
	projected: number | null;
	/** share of the baseline→target gap covered by the projection (1 = reaches the target) */
	coverage: number | null;
	reason: string;
}

const AT_RISK = 0.75;

function meets(value: number, def: KpiDefinition): boolean {
	return def.direction === 'higher' ? value >= def.target : value <= def.target;
}

/** Least-squares line through the readings, evaluated at `at`. */
export function projectLinear(readings: Reading[], at: number): number {
	const n = readings.length;
	const mx = readings.reduce((a, r) => a + r.at, 0) / n;
	const my = readings.reduce((a, r) => a + r.value, 0) / n;
	let sxy = 0;
	let sxx = 0;
	for (const r of readings) {
		sxy += (r.at - mx) * (r.value - my);
		sxx += (r.at - mx) ** 2;
	}
	const slope = sxx === 0 ? 0 : sxy / sxx;
	return my + slope * (at - mx);
}

/** Evaluates a KPI at time `now` (ms). */
export function evaluateKpi(def: KpiDefinition, readings: Reading[], now: number): KpiEvaluation {
	const sorted = [...readings].filter((r) => Number.isFinite(r.value)).sort((a, b) => a.at - b.at);
	const last = sorted[sorted.length - 1];
	if (!last) return { status: 'no_data', latest: null, projected: null, coverage: null, reason: 'No readings yet.' };
	if (meets(last.value, def))
		return { status: 'on_track', latest: last.value, projected: last.value, coverage: 1, reason: 'The latest reading meets the target.' };
	if (now > def.targetDate)
		return {
			status: 'off_track',
			latest: last.value,
			projected: last.value,
			coverage: null,
			reason: 'The target date has passed without meeting the target.'
		};
	let projected: number;
	if (sorted.length >= 2) projected = projectLinear(sorted, def.targetDate);
	else {
		const start = def.baselineDate ?? last.at;
		projected =
			last.at === start ? last.value : def.baseline + ((last.value - def.baseline) * (def.targetDate - start)) / (last.at - start);
	}
	const gap = def.target - def.baseline;
	const coverage = gap === 0 ? (meets(projected, def) ? 1 : 0) : (projected - def.baseline) / gap;
	const pct = Math.round(coverage * 100);
	if (coverage >= 1)
		return {
			status: 'on_track',
			latest: last.value,
			projected,
			coverage,
			reason: `The trend reaches the target by the target date (${pct}% of the gap).`
		};
	if (coverage >= AT_RISK)
		return {
			status: 'at_risk',
			latest: last.value,
			projected,
			coverage,
			reason: `The trend covers ${pct}% of the gap by the target date (75% or more).`
		};
	return {
		status: 'off_track',
		latest: last.value,
		projected,
		coverage,
		reason: `The trend covers only ${pct}% of the gap by the target date.`
	};
}

/** Number formatting for the results dashboard. */
export const pct = (p: number | null | undefined, digits = 0): string =>
	p === null || p === undefined ? '—' : `${(p * 100).toFixed(digits)}%`;
export const num = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined ? '—' : x.toFixed(digits));

/** One bar of a percent-positive chart, in percent (0–100). */
export interface PercentRow {
	label: string;
	value: number;
	lo: number;
	hi: number;
	previous?: number | null;
	benchmark?: number | null;
}

/** A chart row from a fraction and its margin of error. */
export function percentRow(
	label: string,
	p: number,
	moe: number | null,
	extra: { previous?: number | null; benchmark?: number | null } = {}
): PercentRow {
	const m = moe ?? 0;
	const c = (x: number) => Math.max(0, Math.min(100, x * 100));
	return {
		label,
		value: c(p),
		lo: c(p - m),
		hi: c(p + m),
		previous: extra.previous == null ? null : c(extra.previous),
		benchmark: extra.benchmark == null ? null : c(extra.benchmark)
	};
}

/** Number formatting for the results dashboard. */
export const pct = (p: number | null | undefined, digits = 0): string =>
	p === null || p === undefined ? '—' : `${(p * 100).toFixed(digits)}%`;
export const num = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined ? '—' : x.toFixed(digits));

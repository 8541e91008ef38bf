/**
 * Population margins a survey is raked to: `{ dimension: { category: share } }`. Validation names
 * the dimension and category at fault; shares of a dimension must sum to 1.
 */
import type { DimensionSpec } from './matrix';

export type MarginsSpec = Record<string, Record<string, number>>;

export const SHARE_TOLERANCE = 1e-6;

export type MarginsCheck = { ok: true; margins: MarginsSpec } | { ok: false; errors: Record<string, string> };

/** Check margins against the survey's weighting dimensions. */
export function checkMargins(input: MarginsSpec, dims: readonly DimensionSpec[]): MarginsCheck {
	const errors: Record<string, string> = {};
	const margins: MarginsSpec = {};
	for (const [name, shares] of Object.entries(input)) {
		const dim = dims.find((d) => d.name === name);
		if (!dim) {
			errors[name] = `"${name}" is not a weighting dimension of this survey.`;
			continue;
		}
		const bad = Object.entries(shares).find(([c, v]) => !dim.categories.includes(c) || !Number.isFinite(v) || v < 0 || v > 1);
		if (bad) {
			errors[name] = dim.categories.includes(bad[0])
				? `"${name}" category "${bad[0]}" needs a share between 0 and 1.`
				: `"${name}" has no category "${bad[0]}".`;
			continue;
		}
		const sum = Object.values(shares).reduce((a, b) => a + b, 0);
		if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
			errors[name] = `"${name}" shares sum to ${Number(sum.toFixed(6))}, expected 1.`;
			continue;
		}
		margins[name] = Object.fromEntries(dim.categories.map((c) => [c, (shares[c] ?? 0) / sum]));
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, margins };
}

/** Margins as arrays in category order, for `weightMatrix`. */
export function marginArrays(margins: MarginsSpec, dims: readonly DimensionSpec[]): Record<string, number[]> {
	const out: Record<string, number[]> = {};
	for (const d of dims) {
		const m = margins[d.name];
		if (m) out[d.name] = d.categories.map((c) => m[c] ?? 0);
	}
	return out;
}

/** District shares from populations, when every district has one (else undefined). */
export function populationShares(populations: readonly { code: string; population: number | null }[]): Record<string, number> | undefined {
	if (!populations.length || populations.some((p) => !p.population || p.population <= 0)) return undefined;
	const total = populations.reduce((a, p) => a + (p.population ?? 0), 0);
	return Object.fromEntries(populations.map((p) => [p.code, (p.population ?? 0) / total]));
}

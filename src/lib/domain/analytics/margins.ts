/**
 * Validation of raking targets (population margins) against the sample.
 */
import { AnalyticsInputError, formatNumber } from './errors';
import type { CodeArray } from './matrix';

/** Tolerance on the sum of a dimension's target shares. */
export const SHARE_SUM_TOLERANCE = 1e-6;

/** One weighting dimension: respondents' category codes and population shares. */
export interface RakingDimension {
	readonly name: string;
	/** Category labels (used in messages); code c refers to categories[c]. */
	readonly categories: readonly string[];
	/** Category code per respondent; -1 = missing. */
	readonly codes: CodeArray;
	/** Population share of each category (sum 1 within 1e-6). */
	readonly targets: ArrayLike<number>;
}

/**
 * Check a dimension's target shares: one finite non-negative share per
 * category, summing to 1 within 1e-6. Returns the shares rescaled to sum
 * exactly to 1.
 */
export function normalizeTargets(dim: RakingDimension): Float64Array {
	const k = dim.categories.length;
	if (dim.targets.length !== k) {
		throw new AnalyticsInputError(`"${dim.name}" has ${dim.targets.length} target shares for ${k} categories`, { dimension: dim.name });
	}
	const out = new Float64Array(k);
	let sum = 0;
	for (let c = 0; c < k; c++) {
		const t = dim.targets[c] as number;
		if (!Number.isFinite(t) || t < 0) {
			throw new AnalyticsInputError(`"${dim.name}" category "${dim.categories[c] ?? c}" has an invalid share ${formatNumber(t)}`, {
				dimension: dim.name,
				category: dim.categories[c] ?? String(c)
			});
		}
		out[c] = t;
		sum += t;
	}
	if (!(Math.abs(sum - 1) <= SHARE_SUM_TOLERANCE)) {
		throw new AnalyticsInputError(`"${dim.name}" shares sum to ${formatNumber(sum)}, expected 1`, {
			dimension: dim.name
		});
	}
	for (let c = 0; c < k; c++) out[c] = (out[c] as number) / sum;
	return out;
}

/**
 * Throw if a category has a positive target but no respondent with a known
 * value (or only respondents with zero base weight) in that category.
 *
 * @param dim the dimension
 * @param targets normalized shares
 * @param massByCategory base weight (or count) of known respondents per category
 */
export function checkTargetsReachable(dim: RakingDimension, targets: Float64Array, massByCategory: Float64Array): void {
	for (let c = 0; c < targets.length; c++) {
		if ((targets[c] as number) > 0 && !((massByCategory[c] as number) > 0)) {
			const label = dim.categories[c] ?? String(c);
			throw new AnalyticsInputError(
				`"${dim.name}" category "${label}" has a target share of ${formatNumber(targets[c] as number)} but no respondents`,
				{ dimension: dim.name, category: label }
			);
		}
	}
}

/**
 * Check optional base weights: length n, finite, non-negative, positive total.
 */
export function checkBaseWeights(base: Float64Array, n: number): void {
	if (base.length !== n) throw new AnalyticsInputError(`base weights have length ${base.length}, expected ${n}`);
	let total = 0;
	for (let i = 0; i < n; i++) {
		const w = base[i] as number;
		if (!(w >= 0) || w === Number.POSITIVE_INFINITY) {
			throw new AnalyticsInputError(`base weight of row ${i} is invalid (${w})`);
		}
		total += w;
	}
	if (!(total > 0)) throw new AnalyticsInputError('base weights sum to 0');
}

/**
 * Iterative proportional fitting on demographic cells.
 *
 * Missing-value rule: cells whose code is -1 on dimension d are left
 * unadjusted by d's step, and d's target shares apply to the known cells
 * (shares among known). Each step preserves the known total and leaves the
 * missing mass unchanged, so the overall total is preserved too.
 */
import { MISSING_CODE } from './matrix';

/** Outcome of one raking run. */
export interface RakeRun {
	iterations: number;
	converged: boolean;
	maxDifference: number;
}

/** Per-category mass of the known cells of one dimension; returns the known total. */
export function categoryMass(mass: Float64Array, codes: Int32Array, out: Float64Array): number {
	out.fill(0);
	let total = 0;
	for (let c = 0; c < mass.length; c++) {
		const k = codes[c] as number;
		if (k === MISSING_CODE) continue;
		const m = mass[c] as number;
		out[k] = (out[k] as number) + m;
		total += m;
	}
	return total;
}

/** Max |share − target| over all dimensions for the given cell masses. */
export function maxShareDifference(mass: Float64Array, codes: readonly Int32Array[], targets: readonly Float64Array[]): number {
	let worst = 0;
	codes.forEach((cc, d) => {
		const t = targets[d] as Float64Array;
		const m = new Float64Array(t.length);
		const total = categoryMass(mass, cc, m);
		if (!(total > 0)) return;
		for (let k = 0; k < t.length; k++) worst = Math.max(worst, Math.abs((m[k] as number) / total - (t[k] as number)));
	});
	return worst;
}

/**
 * Rake cell masses in place. One iteration adjusts every dimension in turn:
 * cells of category k (known value) are multiplied by t_k·T/m_k where T is
 * the known total and m_k the category's mass; missing cells are unchanged.
 */
export function rakeCellMasses(
	mass: Float64Array,
	codes: readonly Int32Array[],
	targets: readonly Float64Array[],
	tolerance: number,
	maxIterations: number
): RakeRun {
	let maxDifference = maxShareDifference(mass, codes, targets);
	if (codes.length === 0) return { iterations: 0, converged: true, maxDifference };
	for (let it = 1; it <= maxIterations; it++) {
		codes.forEach((cc, d) => {
			const t = targets[d] as Float64Array;
			const factor = new Float64Array(t.length);
			const total = categoryMass(mass, cc, factor);
			for (let k = 0; k < t.length; k++) {
				const m = factor[k] as number;
				factor[k] = m > 0 ? ((t[k] as number) * total) / m : 1;
			}
			for (let c = 0; c < mass.length; c++) {
				const k = cc[c] as number;
				if (k !== MISSING_CODE) mass[c] = (mass[c] as number) * (factor[k] as number);
			}
		});
		maxDifference = maxShareDifference(mass, codes, targets);
		if (maxDifference <= tolerance) return { iterations: it, converged: true, maxDifference };
	}
	return { iterations: maxIterations, converged: false, maxDifference };
}

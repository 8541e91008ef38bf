/** Raking a results matrix to its margins, with a report safe to send to clients. */
import type { ResponseMatrix } from '../../domain/analytics/matrix';
import { weightMatrix } from '../../domain/analytics/survey';
import { marginArrays, type MarginsSpec } from '../../domain/results/margins';
import type { DimensionSpec } from '../../domain/results/matrix';

export interface Weighting {
	/** Whether weights other than 1 were applied. */
	applied: boolean;
	margins: MarginsSpec;
	/** Why weighting could not be applied (e.g. a category with a target but no respondents). */
	error: string | null;
	report: {
		iterations: number;
		converged: boolean;
		maxDifference: number;
		deff: number;
		effectiveSampleSize: number;
		minWeight: number;
		maxWeight: number;
		cells: number;
		missing: Record<string, number>;
	} | null;
	weights: Float64Array | null;
}

export function isAnalyticsError(e: unknown): e is Error {
	return e instanceof Error && e.name === 'AnalyticsInputError';
}

export function weightingOf(matrix: ResponseMatrix, dims: readonly DimensionSpec[], margins: MarginsSpec): Weighting {
	const arrays = marginArrays(margins, dims);
	const none = { applied: false, margins, report: null, weights: null };
	if (!Object.keys(arrays).length || matrix.n === 0) return { ...none, error: null };
	try {
		const r = weightMatrix(matrix, arrays);
		const report = {
			iterations: r.iterations,
			converged: r.converged,
			maxDifference: r.maxDifference,
			deff: r.deff,
			effectiveSampleSize: r.effectiveSampleSize,
			minWeight: r.minWeight,
			maxWeight: r.maxWeight,
			cells: r.cells,
			missing: { ...r.missing }
		};
		return { applied: true, margins, error: null, report, weights: r.weights };
	} catch (e) {
		if (isAnalyticsError(e)) return { ...none, error: e.message };
		throw e;
	}
}

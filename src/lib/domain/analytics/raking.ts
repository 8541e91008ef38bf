/**
 * Raking (iterative proportional fitting) of respondent weights to
 * population margins, computed on demographic cells rather than on
 * individual respondents.
 *
 * Missing-value rule: a respondent whose code is -1 on dimension d is left
 * unadjusted by d's step, and d's target shares apply to the respondents with
 * a known value (shares among known). Nobody is dropped.
 */
import { buildCells, sumByCell, type CellIndex } from './cells';
import { AnalyticsInputError } from './errors';
import { checkBaseWeights, checkTargetsReachable, normalizeTargets, type RakingDimension } from './margins';
import { categoryMass, rakeCellMasses, type RakeRun } from './ipf';
import { MISSING_CODE } from './matrix';
import { weightStats, type WeightStats } from './weights';

export type { RakingDimension } from './margins';
export { rakeCellMasses } from './ipf';

/** Trimming of extreme weights, as multiples of the mean weight (mean is 1). */
export interface TrimOptions {
	readonly lower?: number;
	readonly upper?: number;
	/** Maximum number of trim → re-rake rounds (default 100). */
	readonly maxRounds?: number;
	/**
	 * Relative slack on the bounds and stability threshold (default 1e-6): the
	 * loop stops when every weight is within bounds·(1 ± tolerance) or when no
	 * weight moved by more than `tolerance` between two rounds.
	 */
	readonly tolerance?: number;
}

export interface RakeOptions {
	/** Max |weighted share − target share| for convergence (default 1e-10). */
	readonly tolerance?: number;
	/** Iteration cap per raking run (default 100). */
	readonly maxIterations?: number;
	/** Optional base (design) weights, one per respondent. */
	readonly baseWeights?: Float64Array;
	readonly trim?: TrimOptions;
}

export interface RakeResult {
	/** Final weights, one per respondent, mean 1. */
	readonly weights: Float64Array;
	/** Raking iterations (full cycles over the dimensions), summed over trim rounds. */
	readonly iterations: number;
	/** Whether the last raking run met the tolerance. */
	readonly converged: boolean;
	/** Final max |weighted share − target share| over all dimensions. */
	readonly maxDifference: number;
	readonly minWeight: number;
	readonly maxWeight: number;
	/** Kish design effect n·Σw²/(Σw)². */
	readonly deff: number;
	/** n / deff. */
	readonly effectiveSampleSize: number;
	/** Number of respondents with a missing code, per dimension name. */
	readonly missing: Readonly<Record<string, number>>;
	/** Number of demographic cells. */
	readonly cells: number;
	/** Trim rounds performed (0 without trimming). */
	readonly trimRounds: number;
	/** Whether all final weights lie within the trim bounds (true without trimming). */
	readonly withinTrimBounds: boolean;
}

/** Validate dimensions and build the cell index and normalized targets. */
function prepare(n: number, dims: readonly RakingDimension[], base: Float64Array | undefined) {
	if (n === 0) throw new AnalyticsInputError('no respondents to weight');
	const targets = dims.map((d) => normalizeTargets(d));
	dims.forEach((d) => {
		if (d.codes.length !== n) {
			throw new AnalyticsInputError(`dimension "${d.name}" has ${d.codes.length} codes, expected ${n}`, {
				dimension: d.name
			});
		}
	});
	if (base) checkBaseWeights(base, n);
	const cells = buildCells(
		n,
		dims.map((d) => d.codes),
		dims.map((d) => d.categories.length),
		dims.map((d) => d.name)
	);
	const baseMass = base ? sumByCell(cells, base) : cells.counts.slice();
	dims.forEach((d, i) => {
		const t = targets[i] as Float64Array;
		const cc = cells.codes[i] as Int32Array;
		const m = new Float64Array(t.length);
		categoryMass(baseMass, cc, m);
		checkTargetsReachable(d, t, m);
	});
	return { targets, cells, baseMass };
}

/** Whether any value lies outside [lo, hi] by more than a relative slack. */
function outside(values: Float64Array, lo: number, hi: number, slack: number): boolean {
	for (let i = 0; i < values.length; i++) {
		const v = values[i] as number;
		if (v > hi * (1 + slack) || v < lo * (1 - slack)) return true;
	}
	return false;
}

/** Clip values to [lo, hi] in place. */
function clip(values: Float64Array, lo: number, hi: number): void {
	for (let i = 0; i < values.length; i++) {
		const v = values[i] as number;
		if (v > hi) values[i] = hi;
		else if (v < lo) values[i] = lo;
	}
}

/** Max absolute elementwise difference of two arrays of equal length. */
function maxChange(a: Float64Array, b: Float64Array): number {
	let m = 0;
	for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
	return m;
}

interface Settings {
	tolerance: number;
	maxIterations: number;
	trim: TrimOptions | undefined;
}

/**
 * Trim → rake loop. `units` holds one weight per unit (cell when base
 * weights are uniform, respondent otherwise); `massOf` aggregates them to cell
 * masses and `apply` multiplies units by the per-cell raking factors and
 * rescales them to mean 1.
 */
function rakeLoop(
	cells: CellIndex,
	units: Float64Array,
	massOf: (u: Float64Array) => Float64Array,
	apply: (u: Float64Array, factor: Float64Array, scaleTo: number) => void,
	targets: readonly Float64Array[],
	s: Settings
) {
	const maxRounds = s.trim ? (s.trim.maxRounds ?? 100) : 0;
	const slack = s.trim?.tolerance ?? 1e-6;
	const lo = s.trim?.lower ?? 0;
	const hi = s.trim?.upper ?? Number.POSITIVE_INFINITY;
	let iterations = 0;
	let rounds = 0;
	let previous: Float64Array | undefined;
	for (;;) {
		const before = massOf(units);
		const mass = before.slice();
		const run = rakeCellMasses(mass, cells.codes, targets, s.tolerance, s.maxIterations);
		iterations += run.iterations;
		for (let c = 0; c < mass.length; c++) {
			const b = before[c] as number;
			mass[c] = b > 0 ? (mass[c] as number) / b : 0;
		}
		apply(units, mass, cells.cellOf.length);
		if (!s.trim) return { run, iterations, rounds, within: true };
		const within = !outside(units, lo, hi, slack);
		const stable = previous !== undefined && maxChange(previous, units) <= slack;
		if (within || stable || rounds >= maxRounds) return { run, iterations, rounds, within };
		previous = units.slice();
		clip(units, lo, hi);
		rounds++;
	}
}

/**
 * Rake respondents to population margins on any number of dimensions.
 * Weights are normalized to mean 1. Throws AnalyticsInputError on bad
 * margins (shares not summing to 1, positive target on an empty category).
 *
 * @param n number of respondents
 * @param dims weighting dimensions (codes + target shares)
 * @param options tolerance, iteration cap, base weights, trimming
 */
export function rake(n: number, dims: readonly RakingDimension[], options: RakeOptions = {}): RakeResult {
	const base = options.baseWeights;
	const { targets, cells } = prepare(n, dims, base);
	const s: Settings = {
		tolerance: options.tolerance ?? 1e-10,
		maxIterations: options.maxIterations ?? 100,
		trim: options.trim
	};
	const cellOf = cells.cellOf;
	const counts = cells.counts;
	let weights: Float64Array;
	let stats: WeightStats;
	let out;
	if (!base) {
		// Uniform base: all respondents of a cell share one weight, so trimming and raking stay at cell level.
		const unit = new Float64Array(cells.cellCount).fill(1);
		const massOf = (u: Float64Array) => u.map((x, c) => x * (counts[c] as number));
		const apply = (u: Float64Array, f: Float64Array, total: number) => {
			let sum = 0;
			for (let c = 0; c < u.length; c++) sum += (u[c] = (u[c] as number) * (f[c] as number)) * (counts[c] as number);
			for (let c = 0; c < u.length; c++) u[c] = ((u[c] as number) * total) / sum;
		};
		out = rakeLoop(cells, unit, massOf, apply, targets, s);
		weights = new Float64Array(n);
		for (let i = 0; i < n; i++) weights[i] = unit[cellOf[i] as number] as number;
		stats = weightStats(unit, counts);
	} else {
		weights = base.slice();
		const massOf = (u: Float64Array) => sumByCell(cells, u);
		const apply = (u: Float64Array, f: Float64Array, total: number) => {
			let sum = 0;
			for (let i = 0; i < u.length; i++) sum += u[i] = (u[i] as number) * (f[cellOf[i] as number] as number);
			for (let i = 0; i < u.length; i++) u[i] = ((u[i] as number) * total) / sum;
		};
		out = rakeLoop(cells, weights, massOf, apply, targets, s);
		stats = weightStats(weights);
	}
	return summarize(weights, stats, dims, cells, out);
}

function summarize(
	weights: Float64Array,
	stats: WeightStats,
	dims: readonly RakingDimension[],
	cells: CellIndex,
	out: { run: RakeRun; iterations: number; rounds: number; within: boolean }
): RakeResult {
	const missing: Record<string, number> = {};
	dims.forEach((d, i) => {
		const cc = cells.codes[i] as Int32Array;
		let m = 0;
		for (let c = 0; c < cells.cellCount; c++) if (cc[c] === MISSING_CODE) m += cells.counts[c] as number;
		missing[d.name] = m;
	});
	return {
		weights,
		iterations: out.iterations,
		converged: out.run.converged,
		maxDifference: out.run.maxDifference,
		minWeight: stats.min,
		maxWeight: stats.max,
		deff: stats.deff,
		effectiveSampleSize: stats.n / stats.deff,
		missing,
		cells: cells.cellCount,
		trimRounds: out.rounds,
		withinTrimBounds: out.within
	};
}

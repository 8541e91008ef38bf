/**
 * Comparisons of proportions (current cycle vs previous cycle, benchmark or
 * fixed target) with Benjamini–Hochberg FDR control across the questions of
 * one survey, and ranking of the highest / lowest scoring questions.
 */
import { AnalyticsInputError } from './errors';
import { Z95 } from './estimates';
import { twoSidedPValue } from './normal';

/** The current estimate: proportion, respondents, design effect. */
export interface ProportionSample {
	readonly p: number;
	readonly n: number;
	/** Kish design effect (default 1). */
	readonly deff?: number;
}

/**
 * The comparison point. With n: a sample (two-sample test). Without n but
 * with a margin of error: a benchmark whose SE is moe/1.96. With neither: a
 * fixed target (one-sample test).
 */
export interface ReferenceValue {
	readonly p: number;
	readonly n?: number;
	readonly deff?: number;
	/** 95% margin of error of p, as a fraction. */
	readonly moe?: number;
}

export interface ComparisonInput {
	readonly question: string;
	readonly current: ProportionSample;
	readonly reference: ReferenceValue;
}

export type ComparisonFlag = 'much higher' | 'higher' | 'similar' | 'lower' | 'much lower' | 'too few responses';

export type TestKind = 'two-sample' | 'benchmark' | 'one-sample';

export interface ProportionTest {
	readonly test: TestKind;
	readonly difference: number;
	readonly se: number;
	readonly z: number;
	readonly pValue: number;
	readonly currentEffectiveN: number;
	/** Effective n of the reference (implied by its moe for a benchmark); null for a fixed target. */
	readonly referenceEffectiveN: number | null;
}

export interface ComparisonResult extends ProportionTest {
	readonly question: string;
	/** BH-adjusted p-value; null when not tested (too few responses). */
	readonly adjustedPValue: number | null;
	readonly significant: boolean;
	readonly flag: ComparisonFlag;
}

export interface CompareOptions {
	/** FDR level (default 0.05). */
	readonly q?: number;
	/** |difference| from which a significant difference is "much" (default 0.10). */
	readonly muchThreshold?: number;
	/** Minimum effective n on either side (default 30). */
	readonly minEffectiveN?: number;
}

function checkProportion(p: number, what: string): void {
	if (!(p >= 0 && p <= 1)) throw new AnalyticsInputError(`${what}: proportion ${p} is not in [0, 1]`);
}

/**
 * z-test of a difference of proportions using effective sample sizes
 * n_eff = n/deff. Two-sample (reference with n): pooled
 * p̄ = (ne1·p1 + ne0·p0)/(ne1 + ne0), SE = sqrt(p̄(1−p̄)(1/ne1 + 1/ne0)).
 * Benchmark (reference with moe only): SE = sqrt(p1(1−p1)/ne1 + (moe/1.96)²).
 * Fixed target: SE = sqrt(p0(1−p0)/ne1). Two-sided p-value from erfc.
 */
export function proportionTest(current: ProportionSample, reference: ReferenceValue, question = 'comparison'): ProportionTest {
	checkProportion(current.p, question);
	checkProportion(reference.p, question);
	const ne1 = current.n / (current.deff ?? 1);
	const p1 = current.p;
	const p0 = reference.p;
	let se: number;
	let test: TestKind;
	let ne0: number | null;
	if (reference.n !== undefined) {
		ne0 = reference.n / (reference.deff ?? 1);
		const pooled = (ne1 * p1 + ne0 * p0) / (ne1 + ne0);
		se = Math.sqrt(pooled * (1 - pooled) * (1 / ne1 + 1 / ne0));
		test = 'two-sample';
	} else if (reference.moe !== undefined) {
		const seRef = reference.moe / Z95;
		ne0 = seRef > 0 ? (p0 * (1 - p0)) / (seRef * seRef) : Number.POSITIVE_INFINITY;
		se = Math.sqrt((p1 * (1 - p1)) / ne1 + seRef * seRef);
		test = 'benchmark';
	} else {
		ne0 = null;
		se = Math.sqrt((p0 * (1 - p0)) / ne1);
		test = 'one-sample';
	}
	const difference = p1 - p0;
	const z = se > 0 ? difference / se : difference === 0 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY;
	return { test, difference, se, z, pValue: twoSidedPValue(z), currentEffectiveN: ne1, referenceEffectiveN: ne0 };
}

/**
 * Benjamini–Hochberg adjusted p-values (as R's p.adjust(p, "BH")):
 * adj_(i) = min_{j ≥ i} min(1, m·p_(j)/j) over the ascending order.
 * NaN entries are ignored (returned as NaN) and not counted in m.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
	const idx = pValues.map((p, i) => ({ p, i })).filter((x) => !Number.isNaN(x.p));
	idx.sort((a, b) => a.p - b.p || a.i - b.i);
	const m = idx.length;
	const out = pValues.map(() => Number.NaN);
	let running = 1;
	for (let r = m - 1; r >= 0; r--) {
		const e = idx[r] as { p: number; i: number };
		running = Math.min(running, (m * e.p) / (r + 1));
		out[e.i] = running;
	}
	return out;
}

function flagOf(difference: number, significant: boolean, much: number): ComparisonFlag {
	if (!significant) return 'similar';
	const big = Math.abs(difference) >= much - 1e-12;
	if (difference > 0) return big ? 'much higher' : 'higher';
	return big ? 'much lower' : 'lower';
}

/**
 * Test every comparison, control the FDR with Benjamini–Hochberg across
 * those with enough responses, and flag each result.
 */
export function compareProportions(inputs: readonly ComparisonInput[], opts: CompareOptions = {}): ComparisonResult[] {
	const q = opts.q ?? 0.05;
	const much = opts.muchThreshold ?? 0.1;
	const minN = opts.minEffectiveN ?? 30;
	const tests = inputs.map((c) => proportionTest(c.current, c.reference, c.question));
	const enough = tests.map((t) => t.currentEffectiveN >= minN && (t.referenceEffectiveN === null || t.referenceEffectiveN >= minN));
	const adjusted = benjaminiHochberg(tests.map((t, i) => (enough[i] ? t.pValue : Number.NaN)));
	return tests.map((t, i) => {
		const question = (inputs[i] as ComparisonInput).question;
		if (!enough[i]) return { ...t, question, adjustedPValue: null, significant: false, flag: 'too few responses' };
		const adj = adjusted[i] as number;
		const significant = adj <= q;
		return { ...t, question, adjustedPValue: adj, significant, flag: flagOf(t.difference, significant, much) };
	});
}

export interface ScoredQuestion {
	readonly question: string;
	/** Percent positive; null (e.g. suppressed) items are not ranked. */
	readonly percentPositive: number | null;
}

/**
 * Top k and bottom k questions by percent positive; ties broken by question
 * order (earlier first in both lists).
 */
export function rankQuestions(items: readonly ScoredQuestion[], k: number): { highest: ScoredQuestion[]; lowest: ScoredQuestion[] } {
	const ranked = items.map((item, order) => ({ item, order })).filter((x) => x.item.percentPositive !== null);
	const score = (x: { item: ScoredQuestion }) => x.item.percentPositive as number;
	const highest = [...ranked].sort((a, b) => score(b) - score(a) || a.order - b.order);
	const lowest = [...ranked].sort((a, b) => score(a) - score(b) || a.order - b.order);
	return { highest: highest.slice(0, k).map((x) => x.item), lowest: lowest.slice(0, k).map((x) => x.item) };
}

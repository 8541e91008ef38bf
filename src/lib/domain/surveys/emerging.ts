/**
 * Emerging issues in open-text answers: terms whose share of the recent answers is clearly above
 * their share of the answers before (the baseline).
 *
 * Rule (documented for staff):
 * 1. Input: open-text answers, newest first (one per response: its open-text answers joined).
 *    The newest `recentSize` answers are the recent window (default: a fifth of the answers,
 *    rounded up, at most 50); all older answers given are the baseline.
 * 2. Terms come from the themes tokenizer (`terms()` in domain/results/themes.ts: folded,
 *    EN/ES stopwords dropped, simple plural folding); a term counts once per answer.
 * 3. For each term of the recent window: x₁ of n₁ recent answers mention it, x₂ of n₂ baseline
 *    answers. Two-proportion z-test with pooled p = (x₁+x₂)/(n₁+n₂):
 *    z = (x₁/n₁ − x₂/n₂) / √(p(1−p)(1/n₁ + 1/n₂)).
 * 4. A term is flagged when z ≥ `minZ` (default 2.58, one-sided p ≈ 0.005), x₁ ≥ `minRecent`
 *    (default 3) and n₂ ≥ `minBaseline` (default 20): nothing is flagged while there is too
 *    little history to say what is usual.
 * 5. Flags are ordered by z (highest first), ties by term; at most `max` (default 5).
 */
import { displayWord, terms } from '../results/themes';

export interface EmergingTerm {
	/** The matching term (folded). */
	readonly term: string;
	/** The word most often written for it in the recent answers. */
	readonly word: string;
	readonly recent: number;
	readonly recentTotal: number;
	readonly baseline: number;
	readonly baselineTotal: number;
	readonly z: number;
}

export interface EmergingOptions {
	readonly recentSize?: number;
	readonly minZ?: number;
	readonly minRecent?: number;
	readonly minBaseline?: number;
	readonly max?: number;
}

/** The default recent window for `total` answers: a fifth, rounded up, at most 50. */
export const recentWindow = (total: number): number => Math.min(50, Math.ceil(total / 5));

/** z of a two-proportion test (pooled); 0 when both shares are 0 or 1. */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number {
	if (!n1 || !n2) return 0;
	const p = (x1 + x2) / (n1 + n2);
	const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
	return se === 0 ? 0 : (x1 / n1 - x2 / n2) / se;
}

function termCounts(texts: readonly (readonly string[])[]): Map<string, number> {
	const m = new Map<string, number>();
	for (const ts of texts) for (const t of ts) m.set(t, (m.get(t) ?? 0) + 1);
	return m;
}

/** Terms rising in the recent answers (see the module comment for the rule). */
export function emergingTerms(newestFirst: readonly string[], opts: EmergingOptions = {}): EmergingTerm[] {
	const answers = newestFirst.map((a) => a.trim()).filter(Boolean);
	const n1 = Math.min(answers.length, opts.recentSize ?? recentWindow(answers.length));
	const recentTexts = answers.slice(0, n1);
	const baselineTexts = answers.slice(n1);
	const n2 = baselineTexts.length;
	if (!n1 || n2 < (opts.minBaseline ?? 20)) return [];
	const recent = termCounts(recentTexts.map(terms));
	const baseline = termCounts(baselineTexts.map(terms));
	const out: EmergingTerm[] = [];
	for (const [term, x1] of recent) {
		if (x1 < (opts.minRecent ?? 3)) continue;
		const x2 = baseline.get(term) ?? 0;
		const z = twoProportionZ(x1, n1, x2, n2);
		if (z >= (opts.minZ ?? 2.58))
			out.push({ term, word: displayWord(term, recentTexts), recent: x1, recentTotal: n1, baseline: x2, baselineTotal: n2, z });
	}
	return out.sort((a, b) => b.z - a.z || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0)).slice(0, opts.max ?? 5);
}

/**
 * Weighted histogram of a question's answers, behind distributions and NPS.
 * Slower than the sums kernels (it scatters into memory), so it is only used
 * where a full distribution is needed.
 */
import type { AnswerArray } from './matrix';
import { MISSING_U8 } from './matrix';
import { HIST_SIZE } from './sums';

/** Weighted histogram of one question. */
export interface Histogram {
	n: number;
	sumW: number;
	sumW2: number;
	/** weights[v] = Σ w over answers equal to the integer v (0 ≤ v < 256). */
	readonly weights: Float64Array;
	/** counts[v] = number of answers equal to the integer v. */
	readonly counts: Float64Array;
	/** Σ w per answer value for values that are not integers in 0..255. */
	readonly other: Map<number, number>;
}

/** Slow path for values outside the table. */
function addOther(other: Map<number, number>, y: number, w: number): void {
	other.set(y, (other.get(y) ?? 0) + w);
}

/**
 * Weighted histogram of the answers of one question (one pass).
 * Missing answers (NaN, or 255 in a Uint8Array) are skipped.
 */
export function accumulateHistogram(answers: AnswerArray, weights: Float64Array): Histogram {
	const hw = new Float64Array(HIST_SIZE);
	const hc = new Float64Array(HIST_SIZE);
	const other = new Map<number, number>();
	const missingCode = answers instanceof Uint8Array ? MISSING_U8 : Number.NaN;
	let n = 0;
	let sw = 0;
	let sw2 = 0;
	for (let i = 0; i < answers.length; i++) {
		const y = answers[i] as number;
		if (y !== y || y === missingCode) continue;
		const w = weights[i] as number;
		n++;
		sw += w;
		sw2 += w * w;
		const k = y | 0;
		if (k === y && k >= 0 && k < HIST_SIZE) {
			hw[k] = (hw[k] as number) + w;
			hc[k] = (hc[k] as number) + 1;
		} else {
			addOther(other, y, w);
		}
	}
	return { n, sumW: sw, sumW2: sw2, weights: hw, counts: hc, other };
}

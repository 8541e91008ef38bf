/**
 * Error type for invalid analytics input (bad margins, unknown categories,
 * malformed CSV...). Carries optional structured context so callers such as
 * the CLI can build precise messages without parsing strings.
 */
export interface AnalyticsErrorContext {
	/** Weighting dimension (or column) concerned, when relevant. */
	readonly dimension?: string;
	/** Category label or code concerned, when relevant. */
	readonly category?: string;
	/** 1-based physical line number in a source file, when relevant. */
	readonly line?: number;
}

/** Thrown for any invalid input detected by the analytics core. */
export class AnalyticsInputError extends Error {
	readonly context: AnalyticsErrorContext;

	/**
	 * @param message human-readable message naming the offending item
	 * @param context structured details (dimension, category, line)
	 */
	constructor(message: string, context: AnalyticsErrorContext = {}) {
		super(message);
		this.name = 'AnalyticsInputError';
		this.context = context;
	}
}

/**
 * Format a number for an error message without floating-point noise
 * (e.g. 0.9800000000000001 → "0.98").
 */
export function formatNumber(x: number): string {
	if (!Number.isFinite(x)) return String(x);
	return String(Number(x.toPrecision(12)));
}

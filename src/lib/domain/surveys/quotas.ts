/**
 * Quotas: how many responses a survey wants from each district or demographic category (e.g.
 * district D1: 300, age 18–34: 250), checked against the questionnaire (a quota must name a
 * category its district or demographic question offers) and counted against the responses so far.
 */
import { allQuestions, type Dimension, type LocalizedText, type Option, type Questionnaire } from './questionnaire';

/** 'district' (the district question) or a demographic question's weighting dimension. */
export type QuotaDimension = 'district' | Dimension;

/** A dimension a quota can use: the question that feeds it and the categories it offers. */
export interface QuotaDimensionInfo {
	dimension: QuotaDimension;
	/** The question's key: responses carry the category under it. */
	key: string;
	text: LocalizedText;
	options: Option[];
}

export interface Quota {
	dimension: QuotaDimension;
	cell: string;
	target: number;
}

/** One quota row as it arrives (API body or form); `field` names where it came from, for errors. */
export interface QuotaRowInput {
	dimension?: unknown;
	cell?: unknown;
	target?: unknown;
	field?: string;
}

export const MAX_QUOTAS = 500;
export const MAX_QUOTA_TARGET = 10_000_000;

/**
 * The dimensions quotas can use in `q`: its district question and each demographic question
 * (the first question of a dimension wins when two feed the same one).
 */
export function quotaDimensions(q: Pick<Questionnaire, 'sections'>): QuotaDimensionInfo[] {
	const out: QuotaDimensionInfo[] = [];
	for (const x of allQuestions(q)) {
		const dimension: QuotaDimension | null = x.type === 'district' ? 'district' : x.type === 'demographic' ? x.dimension : null;
		if (!dimension || out.some((d) => d.dimension === dimension)) continue;
		out.push({ dimension, key: x.key, text: x.text, options: 'options' in x ? x.options : [] });
	}
	return out;
}

/** Form field name of one cell's target on the settings form. */
export const quotaField = (dimension: string, cell: string) => `quota.${dimension}.${cell}`;

/**
 * The quota rows of a settings form: every `quota.<dimension>.<cell>` field with a value (an
 * empty field means "no quota for this category").
 */
export function quotaRowsFromForm(form: Record<string, string>): QuotaRowInput[] {
	const rows: QuotaRowInput[] = [];
	for (const [name, raw] of Object.entries(form)) {
		const m = /^quota\.([^.]+)\.(.+)$/.exec(name);
		if (!m || raw.trim() === '') continue;
		rows.push({ dimension: m[1], cell: m[2], target: raw.trim(), field: name });
	}
	return rows;
}

function asTarget(v: unknown): number | null {
	const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
	return Number.isInteger(n) && n >= 1 && n <= MAX_QUOTA_TARGET ? n : null;
}

export interface QuotaCheck {
	ok: boolean;
	/** Field (the row's `field`, or `quotas.<i>.<part>`) → message naming what is wrong. */
	errors: Record<string, string>;
	quotas: Quota[];
}

/**
 * Checks quota rows against `q`: the dimension must be one the questionnaire asks about, the cell
 * one of that question's categories, the target a whole number of at least 1, each cell once.
 */
export function checkQuotas(q: Pick<Questionnaire, 'sections'>, rows: readonly QuotaRowInput[]): QuotaCheck {
	const errors: Record<string, string> = {};
	const quotas: Quota[] = [];
	const dims = quotaDimensions(q);
	if (rows.length > MAX_QUOTAS) return { ok: false, errors: { quotas: `At most ${MAX_QUOTAS} quotas.` }, quotas: [] };
	const seen = new Set<string>();
	rows.forEach((row, i) => {
		const at = (part: string) => row.field ?? `quotas.${i}.${part}`;
		const dim = dims.find((d) => d.dimension === row.dimension);
		if (!dim) {
			const known = dims.map((d) => d.dimension).join(', ') || 'none: add a district or demographic question first';
			errors[at('dimension')] =
				`Quota ${i + 1}: "${String(row.dimension)}" is not a district or demographic question of this questionnaire (${known}).`;
			return;
		}
		const option = dim.options.find((o) => o.code === row.cell);
		if (!option) {
			errors[at('cell')] =
				`Quota ${i + 1}: "${String(row.cell)}" is not a category of ${dim.dimension} (${dim.options.map((o) => o.code).join(', ') || 'it has none'}).`;
			return;
		}
		const target = asTarget(row.target);
		if (target === null) {
			errors[at('target')] =
				`Target for ${dim.dimension} ${option.label.en}: use a whole number from 1 to ${MAX_QUOTA_TARGET.toLocaleString('en-US')}.`;
			return;
		}
		const id = `${dim.dimension}\u0000${option.code}`;
		if (seen.has(id)) {
			errors[at('cell')] = `Quota ${i + 1}: ${dim.dimension} ${option.label.en} has a quota already.`;
			return;
		}
		seen.add(id);
		quotas.push({ dimension: dim.dimension, cell: option.code, target });
	});
	return { ok: Object.keys(errors).length === 0, errors, quotas };
}

/** Responses counted so far per dimension and category: `counts[dimension][cell]`. */
export type CellCounts = Partial<Record<QuotaDimension, Record<string, number>>>;

export interface QuotaProgress {
	dimension: QuotaDimension;
	cell: string;
	/** The category's label (from the questionnaire; the code when it no longer offers it). */
	label: LocalizedText;
	target: number;
	count: number;
	/** 0–100, capped. */
	percent: number;
	met: boolean;
}

/**
 * Count against target for each quota, in the questionnaire's order of dimensions and categories
 * (quotas on a category the questionnaire no longer offers come last, still counted).
 */
export function quotaProgress(quotas: readonly Quota[], dims: readonly QuotaDimensionInfo[], counts: CellCounts): QuotaProgress[] {
	const rank = (x: Quota): [number, number] => {
		const di = dims.findIndex((d) => d.dimension === x.dimension);
		const oi = di < 0 ? -1 : dims[di]!.options.findIndex((o) => o.code === x.cell);
		return [di < 0 ? dims.length : di, oi < 0 ? Number.MAX_SAFE_INTEGER : oi];
	};
	return [...quotas]
		.sort((a, b) => {
			const [ad, ao] = rank(a);
			const [bd, bo] = rank(b);
			return ad - bd || ao - bo || a.cell.localeCompare(b.cell);
		})
		.map((x) => {
			const option = dims.find((d) => d.dimension === x.dimension)?.options.find((o) => o.code === x.cell);
			const count = counts[x.dimension]?.[x.cell] ?? 0;
			return {
				dimension: x.dimension,
				cell: x.cell,
				label: option?.label ?? { en: x.cell, es: x.cell },
				target: x.target,
				count,
				percent: Math.min(100, Math.floor((count / x.target) * 100)),
				met: count >= x.target
			};
		});
}

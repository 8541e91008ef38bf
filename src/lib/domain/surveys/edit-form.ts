/**
 * The question editor's form fields ↔ a question. Options are one per line as
 * `code | English | Español`; rating labels five lines of `English | Español`.
 */
import { SATISFACTION } from './library';
import type { Condition, LocalizedText, Option, Question, QuestionInput, QuestionType } from './questionnaire';

export type QuestionForm = Record<string, string>;

const lines = (s: string | undefined) =>
	(s ?? '')
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
const cells = (line: string) => line.split('|').map((c) => c.trim());

function text(f: QuestionForm, name: string): LocalizedText | undefined {
	const en = f[`${name}_en`]?.trim() ?? '';
	const es = f[`${name}_es`]?.trim() ?? '';
	return en || es ? { en, es } : undefined;
}

function parseOptions(s: string | undefined): Option[] {
	return lines(s).map((l) => {
		const [code = '', en = '', es = ''] = cells(l);
		return { code, label: { en: en || code, es: es || en || code } };
	});
}

function parseLabels(s: string | undefined): LocalizedText[] {
	const ls = lines(s).map((l) => {
		const [en = '', es = ''] = cells(l);
		return { en, es: es || en };
	});
	return ls.length ? ls : SATISFACTION;
}

function num(s: string | undefined): number | undefined {
	if (s === undefined || s.trim() === '') return undefined;
	const n = Number(s);
	return Number.isFinite(n) ? n : undefined;
}

function scalar(s: string): string | number {
	return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

function parseCondition(f: QuestionForm): Condition | undefined {
	const key = f.cond_key?.trim();
	if (!key) return undefined;
	const op = (f.cond_op?.trim() || 'eq') as Condition['op'];
	const raw = (f.cond_value ?? '')
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
	const value = op === 'in' ? raw.map(scalar) : scalar(raw[0] ?? '');
	return { key, op, value };
}

/** A question (unvalidated) from the editor's fields; the schema checks it afterwards. */
export function questionFromForm(f: QuestionForm, districts: Option[] = []): QuestionInput {
	const type = (f.type ?? 'single') as QuestionType;
	const base = {
		key: (f.key ?? '').trim(),
		text: text(f, 'text') ?? { en: '', es: '' },
		help: text(f, 'help'),
		required: f.required === 'on' || f.required === 'true',
		focusArea: f.focusArea?.trim() || undefined,
		showIf: parseCondition(f)
	};
	switch (type) {
		case 'rating5':
			return { ...base, type, labels: parseLabels(f.labels), dontKnow: f.dontKnow === 'on' || f.dontKnow === 'true' };
		case 'nps':
			return {
				...base,
				type,
				lowLabel: text(f, 'low') ?? { en: 'Not at all likely', es: 'Nada probable' },
				highLabel: text(f, 'high') ?? { en: 'Extremely likely', es: 'Muy probable' }
			};
		case 'number':
			return { ...base, type, min: num(f.min), max: num(f.max), integer: f.integer !== 'off' && f.integer !== 'false' };
		case 'district':
			return { ...base, type, options: districts };
		case 'demographic':
			return { ...base, type, dimension: (f.dimension ?? 'age_band') as 'age_band', options: parseOptions(f.options) };
		case 'single':
		case 'multiple':
			return { ...base, type, options: parseOptions(f.options) };
		default:
			return { ...base, type: type as 'short_text' | 'long_text' };
	}
}

/** The editor's fields for an existing question. */
export function questionToForm(q: Question): QuestionForm {
	const f: QuestionForm = {
		key: q.key,
		type: q.type,
		text_en: q.text.en,
		text_es: q.text.es,
		help_en: q.help?.en ?? '',
		help_es: q.help?.es ?? '',
		required: q.required ? 'on' : '',
		focusArea: q.focusArea ?? '',
		cond_key: q.showIf?.key ?? '',
		cond_op: q.showIf?.op ?? 'eq',
		cond_value: q.showIf ? (Array.isArray(q.showIf.value) ? q.showIf.value.join(', ') : String(q.showIf.value)) : ''
	};
	if (q.type === 'rating5') {
		f.labels = q.labels.map((l) => `${l.en} | ${l.es}`).join('\n');
		f.dontKnow = q.dontKnow ? 'on' : '';
	}
	if (q.type === 'nps')
		Object.assign(f, { low_en: q.lowLabel.en, low_es: q.lowLabel.es, high_en: q.highLabel.en, high_es: q.highLabel.es });
	if (q.type === 'number')
		Object.assign(f, { min: q.min?.toString() ?? '', max: q.max?.toString() ?? '', integer: q.integer ? 'on' : 'off' });
	if (q.type === 'single' || q.type === 'multiple' || q.type === 'demographic')
		f.options = q.options.map((o) => `${o.code} | ${o.label.en} | ${o.label.es}`).join('\n');
	if (q.type === 'demographic') f.dimension = q.dimension;
	return f;
}

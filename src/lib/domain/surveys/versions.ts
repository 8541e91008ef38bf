/**
 * Frozen versions: what changed between two questionnaires, question by question (by key).
 */
import { allQuestions, questionOptions, type Condition, type Question, type Questionnaire } from './questionnaire';

export interface VersionDiff {
	added: string[];
	removed: string[];
	/**
	 * Keys whose question changed, with the names of the changed properties and a readable line
	 * per change (text before → after, options added or removed, condition, required …).
	 */
	changed: { key: string; fields: string[]; details: string[] }[];
	/** Keys present in both whose position changed. */
	moved: string[];
	/** Questionnaire-level changes: title, introduction, sections added or removed. */
	meta: string[];
}

const quote = (s: string | undefined) => (s === undefined ? 'none' : `“${s}”`);

/** A condition as a person reads it. */
export function describeCondition(c: Condition | undefined): string {
	if (!c) return 'always shown';
	return `shown if ${c.key} ${c.op} ${Array.isArray(c.value) ? c.value.join(', ') : c.value}`;
}

function details(a: Question, b: Question, fields: string[]): string[] {
	const out: string[] = [];
	for (const f of fields) {
		if (f === 'text' || f === 'help') {
			const x = a[f];
			const y = b[f];
			for (const lang of ['en', 'es']) if (x?.[lang] !== y?.[lang]) out.push(`${f} (${lang}): ${quote(x?.[lang])} → ${quote(y?.[lang])}`);
		} else if (f === 'options' || f === 'labels' || f === 'dontKnow') {
			if (f === 'dontKnow' && fields.includes('labels')) continue;
			const before = new Map(questionOptions(a).map((o) => [o.code, o.label]));
			const after = new Map(questionOptions(b).map((o) => [o.code, o.label]));
			const added = [...after.keys()].filter((k) => !before.has(k));
			const removed = [...before.keys()].filter((k) => !after.has(k));
			const relabelled = [...after.keys()].filter((k) => before.has(k) && stable(before.get(k)) !== stable(after.get(k)));
			if (added.length) out.push(`options added: ${added.join(', ')}`);
			if (removed.length) out.push(`options removed: ${removed.join(', ')}`);
			if (relabelled.length) out.push(`options relabelled: ${relabelled.join(', ')}`);
			const order = (m: Map<string, unknown>, other: Map<string, unknown>) => [...m.keys()].filter((k) => other.has(k)).join(',');
			if (!added.length && !removed.length && !relabelled.length && order(before, after) !== order(after, before))
				out.push('options reordered');
		} else if (f === 'showIf') out.push(`condition: ${describeCondition(a.showIf)} → ${describeCondition(b.showIf)}`);
		else if (f === 'required') out.push(b.required ? 'now required' : 'no longer required');
		else {
			const x = (a as Record<string, unknown>)[f];
			const y = (b as Record<string, unknown>)[f];
			out.push(`${f}: ${x === undefined ? 'none' : JSON.stringify(x)} → ${y === undefined ? 'none' : JSON.stringify(y)}`);
		}
	}
	return out;
}

function metaChanges(a: Partial<Pick<Questionnaire, 'title' | 'intro' | 'sections'>>, b: typeof a): string[] {
	const out: string[] = [];
	for (const lang of ['en', 'es']) {
		if (a.title && b.title && a.title[lang] !== b.title[lang])
			out.push(`title (${lang}): ${quote(a.title[lang])} → ${quote(b.title[lang])}`);
		if (a.intro?.[lang] !== b.intro?.[lang]) out.push(`introduction (${lang}): ${quote(a.intro?.[lang])} → ${quote(b.intro?.[lang])}`);
	}
	const ids = (q: typeof a) => (q.sections ?? []).map((s) => s.id);
	for (const id of ids(b)) if (!ids(a).includes(id)) out.push(`section added: ${id}`);
	for (const id of ids(a)) if (!ids(b).includes(id)) out.push(`section removed: ${id}`);
	return out;
}

function stable(v: unknown): string {
	if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
	if (v && typeof v === 'object')
		return `{${Object.keys(v)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	return JSON.stringify(v) ?? 'null';
}

function changedFields(a: Question, b: Question): string[] {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	const out: string[] = [];
	for (const k of keys) if (stable((a as Record<string, unknown>)[k]) !== stable((b as Record<string, unknown>)[k])) out.push(k);
	return out.sort();
}

/** Questions added, removed, changed (with the properties that differ) and moved from `a` to `b`. */
export function diffVersions(
	a: Pick<Questionnaire, 'sections'> & Partial<Pick<Questionnaire, 'title' | 'intro'>>,
	b: Pick<Questionnaire, 'sections'> & Partial<Pick<Questionnaire, 'title' | 'intro'>>
): VersionDiff {
	const before = allQuestions(a);
	const after = allQuestions(b);
	const beforeMap = new Map(before.map((q) => [q.key, q]));
	const afterMap = new Map(after.map((q) => [q.key, q]));
	const added = after.filter((q) => !beforeMap.has(q.key)).map((q) => q.key);
	const removed = before.filter((q) => !afterMap.has(q.key)).map((q) => q.key);
	const changed: VersionDiff['changed'] = [];
	for (const q of after) {
		const old = beforeMap.get(q.key);
		if (!old) continue;
		const fields = changedFields(old, q);
		if (fields.length) changed.push({ key: q.key, fields, details: details(old, q, fields) });
	}
	const common = (list: Question[], other: Map<string, Question>) => list.filter((q) => other.has(q.key)).map((q) => q.key);
	const orderBefore = common(before, afterMap);
	const orderAfter = common(after, beforeMap);
	const moved = orderAfter.filter((k, i) => orderBefore[i] !== k);
	return { added, removed, changed, moved, meta: metaChanges(a, b) };
}

/** True when `diff` has no change at all. */
export function isSameVersion(diff: VersionDiff): boolean {
	return !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.moved.length && !diff.meta.length;
}

/** A deep copy of a frozen questionnaire (next cycle's draft starts as one). */
export function copyQuestionnaire(q: Questionnaire): Questionnaire {
	return structuredClone(q);
}

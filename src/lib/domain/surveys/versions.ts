/**
 * Frozen versions: what changed between two questionnaires, question by question (by key).
 */
import { allQuestions, type Question, type Questionnaire } from './questionnaire';

export interface VersionDiff {
	added: string[];
	removed: string[];
	/** Keys whose question changed, with the names of the changed properties. */
	changed: { key: string; fields: string[] }[];
	/** Keys present in both whose position changed. */
	moved: string[];
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
export function diffVersions(a: Pick<Questionnaire, 'sections'>, b: Pick<Questionnaire, 'sections'>): VersionDiff {
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
		if (fields.length) changed.push({ key: q.key, fields });
	}
	const common = (list: Question[], other: Map<string, Question>) => list.filter((q) => other.has(q.key)).map((q) => q.key);
	const orderBefore = common(before, afterMap);
	const orderAfter = common(after, beforeMap);
	const moved = orderAfter.filter((k, i) => orderBefore[i] !== k);
	return { added, removed, changed, moved };
}

/** True when `diff` has no change at all. */
export function isSameVersion(diff: VersionDiff): boolean {
	return !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.moved.length;
}

/** A deep copy of a frozen questionnaire (next cycle's draft starts as one). */
export function copyQuestionnaire(q: Questionnaire): Questionnaire {
	return structuredClone(q);
}

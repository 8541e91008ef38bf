/**
 * The co-edited draft questionnaire as a Yjs document (`questionnaire:<surveyId>`) and the only
 * functions that read or change it (server seeding and projection, the browser editor).
 *
 *   doc.getMap('meta')          schemaVersion, title ({en, es}), intro ({en, es} or absent)
 *   doc.getArray('sectionOrder') section ids in order
 *   doc.getMap('sections')      id → Y.Map { kind, title, questions: Y.Array<question key> }
 *   doc.getMap('questions')     key → Y.Map of the question's fields (type, text, options, showIf …)
 *
 * Fields are separate map keys, so two people changing different fields (or different
 * questions) both win; the same field is last-writer-wins. Edits are made with the pure
 * functions of `edit.ts` on the JSON and written back with `writeDraft`, which changes only what
 * differs, so concurrent additions a client has not seen yet are never deleted. A key listed
 * twice (two concurrent moves) counts once, at its first place.
 */
import * as Y from 'yjs';
import type { Questionnaire } from './questionnaire';

type Json = unknown;

function stable(v: Json): string {
	if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
	if (v && typeof v === 'object')
		return `{${Object.keys(v)
			.filter((k) => (v as Record<string, unknown>)[k] !== undefined)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	return JSON.stringify(v) ?? 'null';
}

/** Deep equality of JSON values (key order ignored, undefined fields ignored). */
export function sameJson(a: Json, b: Json): boolean {
	return stable(a) === stable(b);
}

const parts = (doc: Y.Doc) => ({
	meta: doc.getMap<Json>('meta'),
	order: doc.getArray<string>('sectionOrder'),
	sections: doc.getMap<Y.Map<Json>>('sections'),
	questions: doc.getMap<Y.Map<Json>>('questions')
});

/** True once the document holds a questionnaire (the server seeds it when it is created). */
export function isSeeded(doc: Y.Doc): boolean {
	return parts(doc).meta.has('title');
}

/**
 * The document as questionnaire JSON. Not validated: concurrent edits can leave it invalid (say,
 * two people adding the same key); `checkQuestionnaire` says what is wrong.
 */
export function readDraft(doc: Y.Doc): Questionnaire {
	const { meta, order, sections, questions } = parts(doc);
	const seenSections = new Set<string>();
	const seenKeys = new Set<string>();
	const out: Questionnaire['sections'] = [];
	for (const id of order.toArray()) {
		const s = sections.get(id);
		if (seenSections.has(id) || !s) continue;
		seenSections.add(id);
		const list: Questionnaire['sections'][number]['questions'] = [];
		const keys = s.get('questions');
		for (const key of keys instanceof Y.Array ? (keys.toArray() as string[]) : []) {
			const qm = questions.get(key);
			if (seenKeys.has(key) || !qm) continue;
			seenKeys.add(key);
			list.push({ ...structuredClone(qm.toJSON()), key } as Questionnaire['sections'][number]['questions'][number]);
		}
		out.push({ id, kind: s.get('kind'), title: structuredClone(s.get('title')), questions: list } as Questionnaire['sections'][number]);
	}
	const q = { schemaVersion: 1, title: structuredClone(meta.get('title')), sections: out } as Questionnaire;
	const intro = meta.get('intro');
	if (intro) q.intro = structuredClone(intro) as Questionnaire['intro'];
	return q;
}

/** Makes `arr` equal `target` by replacing only the differing middle (a move, insert or delete is one splice). */
function reconcileList(arr: Y.Array<string>, target: string[]): void {
	const cur = arr.toArray();
	let start = 0;
	while (start < cur.length && start < target.length && cur[start] === target[start]) start++;
	let endCur = cur.length;
	let endTarget = target.length;
	while (endCur > start && endTarget > start && cur[endCur - 1] === target[endTarget - 1]) {
		endCur--;
		endTarget--;
	}
	if (endCur > start) arr.delete(start, endCur - start);
	if (endTarget > start) arr.insert(start, target.slice(start, endTarget));
}

function setIfChanged(map: Y.Map<Json>, key: string, value: Json): void {
	if (value === undefined) {
		if (map.has(key)) map.delete(key);
	} else if (!map.has(key) || !sameJson(map.get(key), value)) map.set(key, structuredClone(value));
}

/**
 * Writes `q` into the document, changing only what differs from what the document holds now,
 * in one transaction (one update to send).
 */
export function writeDraft(doc: Y.Doc, q: Questionnaire, origin: unknown = null): void {
	const { meta, order, sections, questions } = parts(doc);
	doc.transact(() => {
		setIfChanged(meta, 'schemaVersion', q.schemaVersion ?? 1);
		setIfChanged(meta, 'title', q.title);
		setIfChanged(meta, 'intro', q.intro);
		const keep = new Set<string>();
		for (const s of q.sections) {
			let sm = sections.get(s.id);
			if (!sm) {
				sm = new Y.Map<Json>();
				sm.set('questions', new Y.Array<string>());
				sections.set(s.id, sm);
			}
			setIfChanged(sm, 'kind', s.kind);
			setIfChanged(sm, 'title', s.title);
			reconcileList(
				sm.get('questions') as Y.Array<string>,
				s.questions.map((x) => x.key)
			);
			for (const question of s.questions) {
				keep.add(question.key);
				let qm = questions.get(question.key);
				if (!qm) {
					qm = new Y.Map<Json>();
					questions.set(question.key, qm);
				}
				const fields = question as unknown as Record<string, Json>;
				for (const [k, v] of Object.entries(fields)) if (k !== 'key') setIfChanged(qm, k, v);
				for (const k of [...qm.keys()]) if (!(k in fields) || fields[k] === undefined) qm.delete(k);
			}
		}
		const ids = q.sections.map((s) => s.id);
		reconcileList(order, ids);
		for (const id of [...sections.keys()]) if (!ids.includes(id)) sections.delete(id);
		for (const key of [...questions.keys()]) if (!keep.has(key)) questions.delete(key);
	}, origin);
}

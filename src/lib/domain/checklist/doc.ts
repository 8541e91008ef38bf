/**
 * The shape of a checklist Yjs document (`checklist:<id>`), and the only functions that read or
 * change it. Server projections, the seeding step and the browser editor all go through these.
 *
 *   doc.getMap('meta')     title: string, templateVersion: number
 *   doc.getArray('items')  Y.Map per item: id, phase, text (Y.Text), done, assignee, due, notes,
 *                          evidence, createdAt
 *
 * Items are Y.Maps so that two people changing different fields of one item both win; the text is
 * a Y.Text so that concurrent typing merges character by character.
 */
import * as Y from 'yjs';

export const PHASES = ['planning', 'feedback', 'action', 'followup'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
	planning: 'Planning',
	feedback: 'Feedback collection',
	action: 'Action plan',
	followup: 'Follow-up'
};

export interface ChecklistItem {
	id: string;
	phase: Phase;
	text: string;
	done: boolean;
	assignee: string | null;
	due: string | null;
	notes: string;
	evidence: string | null;
}

export type ItemPatch = Partial<Omit<ChecklistItem, 'id' | 'text'>> & { text?: string };

export function itemsOf(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
	return doc.getArray<Y.Map<unknown>>('items');
}

function isPhase(v: unknown): v is Phase {
	return typeof v === 'string' && (PHASES as readonly string[]).includes(v);
}

/** Reads one item defensively: a document edited by an old or foreign client never crashes us. */
export function readItem(m: Y.Map<unknown>): ChecklistItem | null {
	const id = m.get('id');
	if (typeof id !== 'string') return null;
	const text = m.get('text');
	const str = (k: string) => {
		const v = m.get(k);
		return typeof v === 'string' && v !== '' ? v : null;
	};
	return {
		id,
		phase: isPhase(m.get('phase')) ? (m.get('phase') as Phase) : 'planning',
		text: text instanceof Y.Text ? text.toString() : typeof text === 'string' ? text : '',
		done: m.get('done') === true,
		assignee: str('assignee'),
		due: str('due'),
		notes: typeof m.get('notes') === 'string' ? (m.get('notes') as string) : '',
		evidence: str('evidence')
	};
}

/** All items in document order. */
export function readChecklist(doc: Y.Doc): { title: string; items: ChecklistItem[] } {
	const title = doc.getMap('meta').get('title');
	const items: ChecklistItem[] = [];
	for (const m of itemsOf(doc)) {
		const it = m instanceof Y.Map ? readItem(m) : null;
		if (it) items.push(it);
	}
	return { title: typeof title === 'string' ? title : '', items };
}

function newItemMap(item: Omit<ChecklistItem, 'done'> & { done?: boolean }): Y.Map<unknown> {
	const m = new Y.Map<unknown>();
	m.set('id', item.id);
	m.set('phase', item.phase);
	m.set('text', new Y.Text(item.text));
	m.set('done', item.done ?? false);
	m.set('assignee', item.assignee);
	m.set('due', item.due);
	m.set('notes', item.notes);
	m.set('evidence', item.evidence);
	return m;
}

/** Appends an item (or inserts at `index`). */
export function addItem(doc: Y.Doc, item: Omit<ChecklistItem, 'done'> & { done?: boolean }, index?: number): void {
	const items = itemsOf(doc);
	doc.transact(() => items.insert(index ?? items.length, [newItemMap(item)]));
}

function findItem(doc: Y.Doc, id: string): { map: Y.Map<unknown>; index: number } | null {
	const items = itemsOf(doc);
	for (let i = 0; i < items.length; i++) {
		const m = items.get(i);
		if (m instanceof Y.Map && m.get('id') === id) return { map: m, index: i };
	}
	return null;
}

/** Changes the given fields of one item; `text` replaces the whole text. Returns false if absent. */
export function updateItem(doc: Y.Doc, id: string, patch: ItemPatch): boolean {
	const found = findItem(doc, id);
	if (!found) return false;
	doc.transact(() => {
		for (const [k, v] of Object.entries(patch)) {
			if (k === 'text') {
				const t = found.map.get('text');
				if (t instanceof Y.Text) {
					t.delete(0, t.length);
					t.insert(0, String(v));
				} else found.map.set('text', new Y.Text(String(v)));
			} else found.map.set(k, v);
		}
	});
	return true;
}

export function removeItem(doc: Y.Doc, id: string): boolean {
	const found = findItem(doc, id);
	if (!found) return false;
	itemsOf(doc).delete(found.index, 1);
	return true;
}

/** The Y.Text of an item, for live text editing bindings. */
export function itemText(doc: Y.Doc, id: string): Y.Text | null {
	const t = findItem(doc, id)?.map.get('text');
	return t instanceof Y.Text ? t : null;
}

/**
 * Fills an empty document from a template. Run once, on the server, when the document is created,
 * so two clients never both insert the template.
 */
export function seedChecklist(doc: Y.Doc, title: string, steps: { phase: Phase; text: string }[], makeId: () => string): void {
	doc.transact(() => {
		doc.getMap('meta').set('title', title);
		doc.getMap('meta').set('templateVersion', 1);
		for (const s of steps)
			addItem(doc, { id: makeId(), phase: s.phase, text: s.text, assignee: null, due: null, notes: '', evidence: null });
	});
}

/** Done / total per phase, for progress bars. */
export function progressByPhase(items: ChecklistItem[]): Record<Phase, { done: number; total: number }> {
	const out = Object.fromEntries(PHASES.map((p) => [p, { done: 0, total: 0 }])) as Record<Phase, { done: number; total: number }>;
	for (const it of items) {
		out[it.phase].total++;
		if (it.done) out[it.phase].done++;
	}
	return out;
}

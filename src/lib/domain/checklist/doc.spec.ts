import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, progressByPhase, readChecklist, removeItem, seedChecklist, updateItem } from './doc';

let n = 0;
const id = () => `i${++n}`;

function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('checklist document', () => {
	it('seeds from a template and reads back in order', () => {
		const doc = new Y.Doc();
		seedChecklist(
			doc,
			'Q3 cycle',
			[
				{ phase: 'planning', text: 'Review last survey' },
				{ phase: 'feedback', text: 'Launch the survey' }
			],
			id
		);
		const c = readChecklist(doc);
		expect(c.title).toBe('Q3 cycle');
		expect(c.items.map((i) => i.text)).toEqual(['Review last survey', 'Launch the survey']);
		expect(progressByPhase(c.items).planning).toEqual({ done: 0, total: 1 });
	});

	it('merges concurrent edits of different fields of one item', () => {
		const a = new Y.Doc();
		addItem(a, { id: 'x', phase: 'planning', text: 'Draft plan', assignee: null, due: null, notes: '', evidence: null });
		const b = new Y.Doc();
		sync(a, b);
		updateItem(a, 'x', { done: true });
		updateItem(b, 'x', { assignee: 'u2', due: '2026-12-01' });
		sync(a, b);
		for (const d of [a, b]) expect(readChecklist(d).items[0]).toMatchObject({ done: true, assignee: 'u2', due: '2026-12-01' });
	});

	it('ignores malformed entries instead of crashing', () => {
		const doc = new Y.Doc();
		const items = doc.getArray<unknown>('items');
		items.push(['not a map', new Y.Map()]);
		addItem(doc, { id: 'ok', phase: 'followup', text: 't', assignee: null, due: null, notes: '', evidence: null });
		expect(readChecklist(doc).items.map((i) => i.id)).toEqual(['ok']);
		expect(removeItem(doc, 'ok')).toBe(true);
		expect(updateItem(doc, 'missing', { done: true })).toBe(false);
	});
});

/** What leaves the server about collaboration documents. */
import type { DocKind } from '../../sync/protocol';
import type { ChecklistItemRow, DocRow } from './repository';

export interface DocView {
	name: string;
	kind: DocKind;
	title: string;
	canWrite: boolean;
}

export function presentDoc(d: DocRow, canWrite: boolean): DocView {
	return { name: d.name, kind: d.kind, title: d.title, canWrite };
}

export interface ChecklistItemView {
	id: string;
	position: number;
	phase: string;
	text: string;
	done: boolean;
	assignee: string | null;
	due: string | null;
}

export function presentChecklistItem(r: ChecklistItemRow): ChecklistItemView {
	return { id: r.itemId, position: r.position, phase: r.phase, text: r.text, done: r.done, assignee: r.assignee, due: r.due };
}

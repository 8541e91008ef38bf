/** A checklist document as reactive state: re-read (through the domain helpers) after each update. */
import type * as Y from 'yjs';
import { readChecklist, type ChecklistItem } from '$lib/domain/checklist/doc';

export class ChecklistView {
	title = $state('');
	items = $state.raw<ChecklistItem[]>([]);
	readonly #doc: Y.Doc;

	constructor(doc: Y.Doc) {
		this.#doc = doc;
		this.#read();
		doc.on('update', this.#read);
	}

	destroy(): void {
		this.#doc.off('update', this.#read);
	}

	#read = (): void => {
		const c = readChecklist(this.#doc);
		this.title = c.title;
		this.items = c.items;
	};
}

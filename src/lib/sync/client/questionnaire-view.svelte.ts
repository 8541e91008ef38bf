/**
 * A questionnaire draft document as reactive state, re-read through the domain helpers after
 * each update, with the first problem a merge may have left (two people adding the same key).
 */
import type * as Y from 'yjs';
import { readDraft } from '$lib/domain/surveys/doc';
import { questionnaire, type Questionnaire } from '$lib/domain/surveys/questionnaire';

export class QuestionnaireView {
	q = $state.raw<Questionnaire | null>(null);
	/** Why the draft cannot be approved as it stands, or null. */
	problem = $state<string | null>(null);
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
		const q = readDraft(this.#doc);
		if (!q.title) return; // not seeded yet on this device: the first sync brings it
		this.q = q;
		const r = questionnaire.safeParse(q);
		this.problem = r.success ? null : (r.error.issues[0]?.message ?? 'The questionnaire is not valid.');
	};
}

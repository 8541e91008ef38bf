/**
 * An action plan document as reactive state, re-read through the domain helpers after each
 * update. Goals whose content did not change keep their object, so a keyed list re-renders only
 * what changed (a plan of 200 goals and 2,000 actions stays responsive while someone types).
 */
import type * as Y from 'yjs';
import { readPlan, type Goal } from '$lib/domain/plan/doc';

export class PlanView {
	title = $state('');
	goals = $state.raw<Goal[]>([]);
	readonly #doc: Y.Doc;
	// A private cache of what was read last time, not state: nothing renders from it.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#seen = new Map<string, { json: string; goal: Goal }>();

	constructor(doc: Y.Doc) {
		this.#doc = doc;
		this.#read();
		doc.on('update', this.#read);
	}

	destroy(): void {
		this.#doc.off('update', this.#read);
	}

	/** The action with `id`, with its goal, or null. */
	action(id: string) {
		for (const g of this.goals) for (const a of g.actions) if (a.id === id) return { goal: g, action: a };
		return null;
	}

	#read = (): void => {
		const plan = readPlan(this.#doc);
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const next = new Map<string, { json: string; goal: Goal }>();
		const goals = plan.goals.map((g) => {
			const json = JSON.stringify(g);
			const prev = this.#seen.get(g.id);
			const goal = prev && prev.json === json ? prev.goal : g;
			next.set(g.id, { json, goal });
			return goal;
		});
		this.#seen = next;
		this.title = plan.title;
		if (goals.length !== this.goals.length || goals.some((g, i) => g !== this.goals[i])) this.goals = goals;
	};
}

/**
 * An action plan document as reactive state, kept current incrementally: the goals array's deep
 * events say which goals changed, and only those are re-read (`GoalReader`); the others keep
 * their object, so a keyed list re-renders only what changed (a plan of 200 goals and 2,000
 * actions stays responsive while someone types). `performance` marks time the first read.
 */
import type * as Y from 'yjs';
import { GoalReader } from '$lib/domain/plan/changes';
import type { Goal } from '$lib/domain/plan/doc';

export class PlanView {
	title = $state('');
	goals = $state.raw<Goal[]>([]);
	readonly #meta: Y.Map<unknown>;
	readonly #reader: GoalReader;

	constructor(doc: Y.Doc) {
		performance.mark('plan:read');
		this.#meta = doc.getMap('meta');
		this.#reader = new GoalReader(doc);
		this.#readTitle();
		this.goals = this.#reader.read();
		this.#reader.array.observeDeep(this.#onGoals);
		this.#meta.observe(this.#readTitle);
		performance.mark('plan:readDone');
	}

	destroy(): void {
		this.#reader.array.unobserveDeep(this.#onGoals);
		this.#meta.unobserve(this.#readTitle);
	}

	/** The action with `id`, with its goal, or null. */
	action(id: string) {
		for (const g of this.goals) for (const a of g.actions) if (a.id === id) return { goal: g, action: a };
		return null;
	}

	#readTitle = (): void => {
		const t = this.#meta.get('title');
		this.title = typeof t === 'string' ? t : '';
	};

	#onGoals = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
		this.#reader.invalidate(events);
		const goals = this.#reader.read();
		if (goals.length !== this.goals.length || goals.some((g, i) => g !== this.goals[i])) this.goals = goals;
	};
}

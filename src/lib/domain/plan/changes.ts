/**
 * Incremental reading of a plan document: which goals an update touched, and the goals as plain
 * data re-read only where they changed. A keystroke in one action's title re-reads one goal, not
 * the 200 goals and 2,000 actions of a large plan; unchanged goals keep their object, so a keyed
 * list re-renders only what changed.
 */
import * as Y from 'yjs';
import { goalsOf, readGoal, type Goal } from './doc';

type AnyType = Y.AbstractType<unknown>;

/** The goal maps (direct children of the plan's goals array) that `events` changed inside. */
export function touchedGoals(goals: Y.Array<unknown>, events: readonly Y.YEvent<AnyType>[]): Set<Y.Map<unknown>> {
	const out = new Set<Y.Map<unknown>>();
	for (const e of events) {
		let t: AnyType | null = e.target;
		// Climb from the changed type to the goals array; the last step below it is the goal.
		while (t && t._item && t._item.parent !== goals) t = t._item.parent as AnyType;
		if (t && t !== goals && t._item?.parent === goals && t instanceof Y.Map) out.add(t);
	}
	return out;
}

/** Goals as plain data, cached per goal map; `invalidate` the maps an update touched. */
export class GoalReader {
	readonly #goals: Y.Array<unknown>;
	#cache = new WeakMap<Y.Map<unknown>, Goal>();

	constructor(doc: Y.Doc) {
		this.#goals = goalsOf(doc) as Y.Array<unknown>;
	}

	get array(): Y.Array<unknown> {
		return this.#goals;
	}

	invalidate(events: readonly Y.YEvent<AnyType>[]): void {
		for (const m of touchedGoals(this.#goals, events)) this.#cache.delete(m);
	}

	/** Every readable goal in order; unchanged goals are the same objects as last time. */
	read(): Goal[] {
		const out: Goal[] = [];
		for (const m of this.#goals) {
			if (!(m instanceof Y.Map)) continue;
			let g = this.#cache.get(m);
			if (!g) {
				const fresh = readGoal(m);
				if (!fresh) continue; // not a goal (yet): read again next time
				g = fresh;
				this.#cache.set(m, g);
			}
			out.push(g);
		}
		return out;
	}
}

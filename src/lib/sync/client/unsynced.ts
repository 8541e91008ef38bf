/**
 * State-vector arithmetic for "how many of my changes has the server stored?". Pure functions;
 * a state vector maps a Yjs client id to the next clock it will use (= number of items it made).
 */
export type StateVector = Map<number, number>;

/** Raises every clock of `into` to at least the one in `from`. Returns true if anything changed. */
export function mergeStateVectors(into: StateVector, from: StateVector): boolean {
	let changed = false;
	for (const [client, clock] of from) {
		if (clock > (into.get(client) ?? 0)) {
			into.set(client, clock);
			changed = true;
		}
	}
	return changed;
}

/**
 * The number of local changes (Yjs items, e.g. one per typed character) the server has not stored:
 * Σ over client ids of max(0, local clock − stored clock). Clients only the server knows count 0.
 */
export function unsyncedCount(local: StateVector, stored: StateVector): number {
	let n = 0;
	for (const [client, clock] of local) n += Math.max(0, clock - (stored.get(client) ?? 0));
	return n;
}

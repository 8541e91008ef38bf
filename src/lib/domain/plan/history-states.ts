/**
 * The plan as it was after the first `count` entries of its edit history (the baseline, then the
 * recorded edits in order), rebuilt from the nearest saved starting state instead of from the
 * start: saved states sit at every `STATE_EVERY`-th entry, so once the one below is saved at most
 * that many edits are applied on top of it, however long the history. States are derived data: a
 * missing one is rebuilt from the nearest saved one below it (or the start) and saved, one per
 * call (the one the call needs: a request writes one state at most); one that does not match the
 * history (its entry is not where it says) is ignored. Pure apart from the callbacks given.
 */
import * as Y from 'yjs';

/** A saved state is kept after every this many history entries. */
export const STATE_EVERY = 500;

/** The document after the first `entries` history entries, the last of which is `uptoId`. */
export interface SavedState {
	uptoId: number;
	entries: number;
	data: Uint8Array;
}

export interface StateSource {
	/** the saved state with the greatest `uptoId <= id`, if any */
	nearest(id: number): SavedState | null;
	/** the history entries with `fromId <= id <= toId`, oldest first, bytes included */
	range(fromId: number, toId: number): readonly { data: Uint8Array }[];
	/** keeps a state just built at a saving point (replacing one at the same entry) */
	save(state: SavedState): void;
}

/**
 * Applies recorded updates in order in one transaction: several times faster than merging a long
 * history with `Y.mergeUpdates` first (about 15 ms against 85 ms for 1,000 edits).
 */
export function applyAll(doc: Y.Doc, entries: readonly { data: Uint8Array }[]): void {
	if (entries.length) Y.transact(doc, () => entries.forEach((e) => Y.applyUpdate(doc, e.data)));
}

/**
 * A new document (without garbage collection: deleted content is kept, as merging the updates
 * keeps it) holding the first `count` entries of `index` (a document's history, oldest first).
 * The caller destroys it.
 */
export function stateAfter(index: readonly { id: number }[], count: number, source: StateSource, every = STATE_EVERY): Y.Doc {
	const doc = new Y.Doc({ gc: false });
	const n = Math.max(0, Math.min(count, index.length));
	if (n === 0) return doc;
	let done = 0;
	const saved = source.nearest(index[n - 1]!.id);
	if (saved && saved.entries >= 1 && saved.entries <= n && index[saved.entries - 1]!.id === saved.uptoId) {
		Y.applyUpdate(doc, saved.data);
		done = saved.entries;
	}
	// at most one state saved per call: the one nearest below `n` (a later call starts from it)
	const point = Math.floor(n / every) * every;
	if (done < point) {
		applyAll(doc, source.range(index[done]!.id, index[point - 1]!.id));
		done = point;
		source.save({ uptoId: index[point - 1]!.id, entries: point, data: Y.encodeStateAsUpdate(doc) });
	}
	if (done < n) applyAll(doc, source.range(index[done]!.id, index[n - 1]!.id));
	return doc;
}

/**
 * The plan as it was after the first `count` entries of its edit history (the baseline, then the
 * recorded edits in order), rebuilt from the nearest saved starting state instead of from the
 * start: saved states sit at every `STATE_EVERY`-th entry, so at most that many edits are
 * applied on top of one, however long the history. States are derived data: a missing one is
 * rebuilt from the previous one (or the start) and saved on the way; one that does not match the
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
	while (done < n) {
		const next = Math.min(n, (Math.floor(done / every) + 1) * every);
		applyAll(doc, source.range(index[done]!.id, index[next - 1]!.id));
		done = next;
		if (done % every === 0) source.save({ uptoId: index[done - 1]!.id, entries: done, data: Y.encodeStateAsUpdate(doc) });
	}
	return doc;
}

/**
 * Restoring a saved version of a plan as a new change: the document's history is kept, everyone
 * connected receives the change like any other edit, and edits made offline since then still
 * merge (they apply on top of the restored content).
 *
 * How: rebuild the saved state in a scratch document, replay everything that happened since as
 * one tracked transaction, and undo it. The scratch document then holds the saved content on
 * top of the current history; the difference to the live document is the restoring change.
 */
import * as Y from 'yjs';

/** The update that turns `current` back into the content of `saved` (an encoded state). */
export function revertUpdate(current: Y.Doc, saved: Uint8Array): Uint8Array {
	const scratch = new Y.Doc({ gc: false });
	Y.applyUpdate(scratch, saved);
	const since = Y.diffUpdate(Y.encodeStateAsUpdate(current), Y.encodeStateVector(scratch));
	const origin = { restore: true };
	const undo = new Y.UndoManager([scratch.getMap('meta'), scratch.getArray('goals')], {
		trackedOrigins: new Set([origin]),
		captureTimeout: 0
	});
	Y.applyUpdate(scratch, since, origin);
	undo.undo();
	undo.destroy();
	const out = Y.diffUpdate(Y.encodeStateAsUpdate(scratch), Y.encodeStateVector(current));
	scratch.destroy();
	return out;
}

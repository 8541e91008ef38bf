/**
 * Live documents as other services see them: the current content (everything stored so far) and
 * changes made by the server, which go through the sync engine (stored, then relayed to
 * everyone connected) so open editors see them at once. Wraps server/sync's one engine per context.
 */
import * as Y from 'yjs';
import { syncServerFor } from '../../../../server/sync/for-context';
import type { HistoryEntry, HistoryIndexEntry } from '../../../../server/sync/store';
import type { AppContext } from '../context';

export interface LiveDocs {
	/** A fresh Y.Doc with the document's stored content; the caller destroys it. */
	read(name: string): Y.Doc;
	/** The stored content as one update. */
	state(name: string): Uint8Array;
	/** Applies a server-side change; false when it changed nothing. `author` goes into the edit history. */
	change(name: string, fn: (doc: Y.Doc) => void, author?: string | null): boolean;
	/** The recorded edits of a document that keeps a history (action plans) without their bytes, oldest first. */
	historyIndex(name: string): HistoryIndexEntry[];
	/** The recorded edits with `fromId <= id <= toId`, bytes included, oldest first. */
	historyRange(name: string, fromId: number, toId: number): HistoryEntry[];
	/** Brings the document's projection rows up to date now (before reading them). */
	refreshProjection(name: string): void;
	/** Who may change `name` changed: open sockets are checked again (they reconnect read-only). */
	accessChanged(name: string): void;
}

export function liveDocs(ctx: AppContext): LiveDocs {
	const sync = () => syncServerFor(ctx);
	return {
		read(name) {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, sync().state(name));
			return doc;
		},
		state: (name) => sync().state(name),
		change: (name, fn, author = null) => sync().change(name, fn, author),
		historyIndex: (name) => sync().historyIndex(name),
		historyRange: (name, fromId, toId) => sync().historyRange(name, fromId, toId),
		refreshProjection: (name) => void sync().rebuildProjection(name),
		accessChanged: (name) => sync().docChanged(name)
	};
}

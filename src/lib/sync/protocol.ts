/**
 * What the sync client (browser, Node) and the sync server share: document names, message types
 * beyond y-websocket's own, and close codes. Framework-free; imported by `server/` and `src/`.
 *
 * Wire protocol: y-websocket's (y-protocols): every binary frame starts with a varUint message
 * type. 0 sync (step 1, step 2, update), 1 awareness, 2 auth, 3 query-awareness. We add:
 *
 *   MESSAGE_STORED (7): sent by the server to the sender of an update (or sync step 2) once that
 *   update is durably stored, before it is relayed. Payload: a state vector (Y.encodeStateVector
 *   format) of the clocks the stored update reached. The client merges it (max per client id) into
 *   what it knows the server has, and counts its local changes not yet stored:
 *   Σ over client ids of max(0, local clock − stored clock).
 *
 * A stock WebsocketProvider ignores unknown message types only if a handler is registered, so the
 * client registers `provider.messageHandlers[MESSAGE_STORED]`.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_STORED = 7;

/** WebSocket close codes shared by server and client. */
export const CLOSE = {
	normal: 1000,
	goingAway: 1001,
	/** malformed frame (bad type, truncated, text frame) */
	unsupported: 1003,
	invalidData: 1007,
	tooBig: 1009,
	internal: 1011,
	/** server restarting (SIGTERM): reconnect soon */
	restart: 1012,
	/**
	 * your role changed but you may still open the document: reconnect (the new handshake applies
	 * the new role). Outside 4400–4499 so a stock WebsocketProvider reconnects by itself.
	 */
	accessChanged: 4001,
	unauthenticated: 4401,
	forbidden: 4403,
	notFound: 4404
} as const;

export type DocKind = 'checklist' | 'actionplan' | 'questionnaire';
export const DOC_KINDS: readonly DocKind[] = ['checklist', 'actionplan', 'questionnaire'];

export interface DocName {
	kind: DocKind;
	id: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Parses `checklist:<id>` etc.; null for anything else (so the server can refuse it). */
export function parseDocName(name: string): DocName | null {
	const i = name.indexOf(':');
	if (i < 0) return null;
	const kind = name.slice(0, i);
	const id = name.slice(i + 1);
	if (!(DOC_KINDS as readonly string[]).includes(kind) || !ID.test(id)) return null;
	return { kind: kind as DocKind, id };
}

export function docName(kind: DocKind, id: string): string {
	return `${kind}:${id}`;
}

/** The URL path of a document's socket: `/sync/<docName>` (the provider appends the room). */
export const SYNC_PATH = '/sync';

/** The engine's contracts with the app: authentication, projections, logging, options, figures. */
import type { IncomingMessage } from 'node:http';
import type * as Y from 'yjs';
import type { DocKind } from '../../src/lib/sync/protocol';
import type { Principal } from './loaded-doc';
import type { PresenceLimits } from './presence';
import type { DocStore } from './store';

export type Handshake = { ok: true; principal: Principal } | { ok: false; reject: 'origin' } | { ok: false; close: number };

export interface SyncAuth {
	/** Who is connecting; `reject: 'origin'` refuses the upgrade itself (HTTP 403). */
	handshake(req: IncomingMessage): Handshake;
	/** May `p` open `name`? null for unknown names and other organizations' documents alike. */
	open(p: Principal, name: string): { kind: DocKind; organizationId: string; canWrite: boolean } | null;
	/** The same person checked again (role change, sign-out); null when no longer signed in. */
	recheck(p: Principal): Principal | null;
}

export interface Projection {
	delayMs: number;
	run(name: string, doc: Y.Doc): void;
	/**
	 * Whether document `name` has a projection at all (asked once per loaded document; default
	 * yes). A document without one never gets a server-side replica built for it.
	 */
	applies?(name: string): boolean;
}

export interface SyncLog {
	debug(obj: object, msg: string): void;
	info(obj: object, msg: string): void;
	warn(obj: object, msg: string): void;
	error(obj: object, msg: string): void;
}

export interface SyncOptions {
	store: DocStore;
	auth: SyncAuth;
	log: SyncLog;
	maxPayload: number;
	unloadMs: number;
	projections?: Partial<Record<DocKind, Projection>>;
	presence?: PresenceLimits;
	/** compact a document's log past this many rows or bytes */
	compactRows?: number;
	compactBytes?: number;
	heartbeatMs?: number;
	/** kinds whose stored updates are recorded with their author in the edit history (default: action plans) */
	historyKinds?: readonly DocKind[];
}

export interface SyncStats {
	docsLoaded: number;
	connections: number;
	framesIn: number;
	framesOut: number;
	stored: number;
	readOnlyDropped: number;
	kicked: number;
	refused: number;
	presenceDropped: number;
	/** group-commit transactions (stored / commits = updates per transaction) */
	commits?: number;
	/** how long a batch took from hand-over to the store until its answer (ms), since start */
	commitMs?: { p50: number; p99: number; max: number };
	/** how long an update took from arrival until stored and ready to relay (ms), since start */
	storedMs?: { p50: number; p99: number; max: number };
}

/**
 * The sync server against a real SQLite file in a temp dir and a real `node:http` server on
 * port 0, plus factories for organizations, members of each role, documents and clients (stock
 * WebsocketProviders and raw `ws` sockets). Waiting is on events, never on sleeps.
 */
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { organizationRepo, userRepo, type UserRow } from '../../src/lib/server/accounts/repository';
import { toActor } from '../../src/lib/server/accounts/service';
import type { Role } from '../../src/lib/domain/auth/roles';
import type { Actor } from '../../src/lib/domain/auth/policies';
import { newId } from '../../src/lib/server/auth/tokens';
import { loadConfig } from '../../src/lib/server/config';
import { createContext, type AppContext } from '../../src/lib/server/context';
import { createDocService } from '../../src/lib/server/docs/service';
import { docRepo } from '../../src/lib/server/docs/repository';
import { MESSAGE_STORED, docName, type DocKind } from '../../src/lib/sync/protocol';
import { syncServerFor } from '../../server/sync/for-context';
import type { SyncServer } from '../../server/sync/server';
import { tempDataDir } from './server';

export interface Member {
	user: UserRow;
	actor: Actor;
	/** personal API token (for `?token=`) */
	token: string;
	/** session cookie value */
	session: string;
}

/** Resolves when `check()` is true, re-checking whenever `subscribe` reports an event. */
export function until(check: () => boolean, subscribe: (again: () => void) => () => void, label = 'condition', ms = 30_000): Promise<void> {
	return new Promise((ok, ko) => {
		if (check()) return ok();
		let off = () => {};
		const timer = setTimeout(() => {
			off();
			ko(new Error(`timed out waiting for ${label}`));
		}, ms);
		off = subscribe(() => {
			if (!check()) return;
			clearTimeout(timer);
			off();
			ok();
		});
	});
}

export class SyncHarness {
	readonly docs: ReturnType<typeof createDocService>;
	private clients: { destroy(): void }[] = [];

	private constructor(
		readonly ctx: AppContext,
		readonly http: Server,
		readonly dir: string,
		private readonly ownsDir: boolean
	) {
		this.docs = createDocService(ctx);
	}

	static async start(env: Record<string, string> = {}, dir?: string): Promise<SyncHarness> {
		const dataDir = dir ?? tempDataDir('civicloop-sync-');
		const ctx = createContext(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SYNC_UNLOAD_MS: '50', ...env }));
		const http = createServer((_req, res) => {
			res.statusCode = 404;
			res.end();
		});
		http.on('upgrade', (req, socket, head) => {
			socket.on('error', () => socket.destroy());
			if ((req.url ?? '').startsWith('/sync')) syncServerFor(ctx).handleUpgrade(req, socket, head);
			else socket.destroy();
		});
		await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
		return new SyncHarness(ctx, http, dataDir, !dir);
	}

	get port(): number {
		return (this.http.address() as AddressInfo).port;
	}
	get origin(): string {
		return `http://127.0.0.1:${this.port}`;
	}
	get wsBase(): string {
		return `ws://127.0.0.1:${this.port}/sync`;
	}
	get sync(): SyncServer {
		return syncServerFor(this.ctx);
	}

	org(name = `Org ${newId().slice(0, 6)}`): string {
		const id = newId();
		organizationRepo.insert(this.ctx.database.db, {
			id,
			name,
			slug: `${name.toLowerCase().replace(/\W+/g, '-')}-${id.slice(0, 6)}`,
			timeZone: 'UTC'
		});
		return id;
	}

	member(organizationId: string, role: Role, name = `${role} ${newId().slice(0, 4)}`): Member {
		const row = { id: newId(), organizationId, email: `${newId()}@test.gov`, name, role, passwordHash: 'not-a-hash' };
		userRepo.insert(this.ctx.database.db, row);
		const user = userRepo.get(this.ctx.database.db, organizationId, row.id)!;
		const actor = toActor(user);
		const { token } = this.ctx.accounts.createApiToken(actor, { name: 'sync test' });
		return { user, actor, token, session: this.ctx.sessions.create(user).token };
	}

	/** A checklist through the docs service (as the API creates it). */
	checklist(owner: Member, template?: 'cycle'): string {
		return this.docs.create(owner.actor, { kind: 'checklist', title: 'Test checklist', template }).name;
	}

	/** A registry row for any kind (the API creates only checklists so far). */
	document(organizationId: string, kind: DocKind): string {
		const name = docName(kind, newId());
		docRepo.insert(this.ctx.database.db, { name, organizationId, kind, title: `Test ${kind}` });
		return name;
	}

	/** A stock WebsocketProvider authenticated with the member's API token. */
	provider(name: string, m: Member, opts: { connect?: boolean } = {}): TestProvider {
		const p = new TestProvider(this.wsBase, name, { token: m.token }, opts.connect ?? true);
		this.clients.push(p);
		return p;
	}

	/** A raw socket; `headers` may carry a cookie and an origin. */
	raw(path: string, headers: Record<string, string> = {}): RawClient {
		const c = new RawClient(`ws://127.0.0.1:${this.port}${path}`, headers);
		this.clients.push(c);
		return c;
	}

	/** Loaded-document count reaching `n`, observed through the /healthz metric. */
	loadedReaches(n: number, ms = 30_000): Promise<void> {
		return this.metricReaches('syncDocsLoaded', n, ms);
	}

	/** A /healthz metric reaching `n`: the engine has no event for it, so it is polled (a wait, not a sleep-then-assert). */
	metricReaches(metric: 'syncDocsLoaded' | 'syncConnections', n: number, ms = 30_000): Promise<void> {
		const value = () => this.ctx.metrics[metric]?.() ?? -1;
		return until(
			() => value() === n,
			(again) => {
				const t = setInterval(again, 10);
				return () => clearInterval(t);
			},
			`${metric} = ${n}`,
			ms
		);
	}

	async stop(): Promise<void> {
		for (const c of this.clients) c.destroy();
		this.clients = [];
		await this.ctx.close();
		this.http.closeAllConnections();
		await new Promise<void>((ok) => this.http.close(() => ok()));
	}

	async dispose(): Promise<void> {
		await this.stop();
		if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
	}
}

/** A stock y-websocket provider in Node, counting MESSAGE_STORED acknowledgements. */
export class TestProvider {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	/** what the server said it stored: max clock per client id */
	readonly stored = new Map<number, number>();
	private ackListeners = new Set<() => void>();

	constructor(base: string, name: string, params: Record<string, string>, connect: boolean) {
		this.provider = new WebsocketProvider(base, name, this.doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true,
			params,
			connect,
			maxBackoffTime: 200
		});
		this.provider.messageHandlers[MESSAGE_STORED] = (_enc, dec) => {
			for (const [client, clock] of Y.decodeStateVector(decoding.readVarUint8Array(dec)))
				if ((this.stored.get(client) ?? 0) < clock) this.stored.set(client, clock);
			for (const fn of this.ackListeners) fn();
		};
	}

	onAck(fn: () => void): () => void {
		this.ackListeners.add(fn);
		return () => this.ackListeners.delete(fn);
	}

	synced(): Promise<void> {
		return until(
			() => this.provider.synced,
			(again) => {
				this.provider.on('sync', again);
				return () => this.provider.off('sync', again);
			},
			'provider synced'
		);
	}

	/** Everything this client wrote is acknowledged as stored. */
	allStored(): Promise<void> {
		const own = () => Y.getState(this.doc.store, this.doc.clientID);
		return until(
			() => (this.stored.get(this.doc.clientID) ?? 0) >= own(),
			(again) => this.onAck(again),
			'stored acknowledgement'
		);
	}

	/** Resolves when `check(doc)` holds, re-checked on every document update. */
	when(check: (doc: Y.Doc) => boolean, label = 'document state'): Promise<void> {
		return until(
			() => check(this.doc),
			(again) => {
				this.doc.on('update', again);
				return () => this.doc.off('update', again);
			},
			label
		);
	}

	closed(): Promise<{ code: number }> {
		return new Promise((ok) => this.provider.once('connection-close', (e) => ok({ code: e?.code ?? 0 })));
	}

	destroy(): void {
		this.provider.destroy();
		this.doc.destroy();
	}
}

/** A raw `ws` client: collects frames and the close code. */
export class RawClient {
	readonly ws: WebSocket;
	readonly frames: Uint8Array[] = [];
	bytesReceived = 0;
	readonly opened: Promise<void>;
	readonly closed: Promise<{ code: number; reason: string }>;
	private listeners = new Set<() => void>();

	constructor(url: string, headers: Record<string, string>) {
		this.ws = new WebSocket(url, { headers, maxPayload: 64 * 1024 * 1024 });
		this.ws.on('error', () => {});
		this.opened = new Promise((ok, ko) => {
			this.ws.once('open', () => ok());
			this.ws.once('unexpected-response', (_req, res) =>
				ko(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }))
			);
			this.ws.once('close', () => ko(new Error('closed before open')));
		});
		this.opened.catch(() => {});
		this.closed = new Promise((ok) => this.ws.once('close', (code, reason) => ok({ code, reason: reason.toString() })));
		this.ws.on('message', (data: Buffer) => {
			this.bytesReceived += data.length;
			this.frames.push(new Uint8Array(data));
			for (const fn of this.listeners) fn();
		});
	}

	/** Resolves with the first received frame (from `from`) that matches. */
	frame(match: (f: Uint8Array) => boolean, from = 0): Promise<Uint8Array> {
		let found: Uint8Array | undefined;
		const check = () => (found = this.frames.slice(from).find(match)) !== undefined;
		return until(
			check,
			(again) => {
				this.listeners.add(again);
				return () => this.listeners.delete(again);
			},
			'frame'
		).then(() => found!);
	}

	send(data: Uint8Array | string): void {
		if (this.ws.readyState === this.ws.OPEN) this.ws.send(data);
	}

	destroy(): void {
		this.ws.terminate();
	}
}

/**
 * Protocol handling of the engine with the in-memory store and a stand-in auth layer, over real
 * sockets. The app wiring (sessions, tokens, SQLite) is covered in tests/integration/sync-*.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CLOSE, MESSAGE_STORED } from '../../src/lib/sync/protocol';
import { encodeStep1, encodeUpdate, parseFrame } from './messages';
import { createDb } from '../../src/lib/server/db/client';
import { createSyncServer, type SyncAuth, type SyncServer } from './server';
import { openSqliteDocStore } from './sqlite-store';
import { createMemoryDocStore, type DocStore } from './store';

const auth: SyncAuth = {
	handshake(req) {
		const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
		if (!token) return { ok: false, close: CLOSE.unauthenticated };
		const [userId = '', role = ''] = token.split('.');
		return { ok: true, principal: { userId, name: userId, organizationId: 'org', credential: role } };
	},
	open: (p, name) =>
		name.startsWith('checklist:') ? { kind: 'checklist', organizationId: 'org', canWrite: p.credential !== 'viewer' } : null,
	recheck: (p) => p
};

class Client {
	ws: WebSocket;
	frames: Uint8Array[] = [];
	closed: Promise<number>;
	private waiters: (() => void)[] = [];
	constructor(port: number, token: string, doc = 'checklist:a') {
		this.ws = new WebSocket(`ws://127.0.0.1:${port}/sync/${doc}?token=${token}`);
		this.ws.on('error', () => {});
		this.ws.on('message', (d: Buffer) => {
			this.frames.push(new Uint8Array(d));
			for (const w of this.waiters.splice(0)) w();
		});
		this.closed = new Promise((ok) => this.ws.once('close', (code) => ok(code)));
	}
	open = () => new Promise<void>((ok) => (this.ws.readyState === WebSocket.OPEN ? ok() : this.ws.once('open', () => ok())));
	async count(type: number, n: number): Promise<void> {
		while (this.frames.filter((f) => f[0] === type).length < n) await new Promise<void>((ok) => this.waiters.push(ok));
	}
	/** Waits until the MESSAGE_STORED answers (merged: the latest state vector holds the earlier ones) reach `clock` for `clientId`. */
	async stored(clientId: number, clock: number): Promise<void> {
		const reached = () =>
			this.frames.some(
				(f) =>
					f[0] === MESSAGE_STORED &&
					(Y.decodeStateVector(decoding.readVarUint8Array(decoding.createDecoder(f.subarray(1)))).get(clientId) ?? 0) >= clock
			);
		while (!reached()) await new Promise<void>((ok) => this.waiters.push(ok));
	}
	/** The first frame of message type `type` (and sync sub-type `sub`) received. */
	async next(type: number, sub?: number): Promise<Uint8Array> {
		for (;;) {
			const f = this.frames.find((x) => x[0] === type && (sub === undefined || x[1] === sub));
			if (f) return f;
			await new Promise<void>((ok) => this.waiters.push(ok));
		}
	}
}

describe('sync engine protocol', () => {
	let http: Server;
	let sync: SyncServer;
	let store: DocStore;
	let port: number;
	const clients: Client[] = [];
	const client = async (token: string, doc?: string) => {
		const c = new Client(port, token, doc);
		clients.push(c);
		await c.open();
		return c;
	};
	const start = async (s: DocStore, opts: { compactRows?: number } = {}) => {
		store = s;
		sync = createSyncServer({
			store,
			auth,
			log: { debug() {}, info() {}, warn() {}, error() {} },
			maxPayload: 64 * 1024,
			unloadMs: 10,
			...opts
		});
		http = createServer();
		http.on('upgrade', (req, socket, head) => sync.handleUpgrade(req, socket, head));
		await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
		port = (http.address() as AddressInfo).port;
	};
	beforeEach(() => start(createMemoryDocStore()));
	afterEach(async () => {
		for (const c of clients.splice(0)) c.ws.terminate();
		await sync.close();
		http.closeAllConnections();
		http.close();
	});

	const edit = (fn: (d: Y.Doc) => void) => {
		const d = new Y.Doc();
		let update: Uint8Array = new Uint8Array();
		d.on('update', (u: Uint8Array) => (update = u));
		fn(d);
		return { d, update };
	};

	it('answers sync step 1, and asks writers holding something for their state in return', async () => {
		const held = Y.encodeStateVector(edit((x) => x.getMap('m').set('offline', 1)).d);
		const w = await client('u1.editor');
		w.ws.send(encodeStep1(held));
		await w.next(0, 1);
		expect(parseFrame(await w.next(0, 0))).toMatchObject({ type: 'step1' });
		const fresh = await client('u3.editor');
		fresh.ws.send(encodeStep1(new Uint8Array([0]))); // an empty document has nothing to give
		const r = await client('u2.viewer');
		r.ws.send(encodeStep1(held)); // read-only: never asked
		await Promise.all([fresh.next(0, 1), r.next(0, 1)]);
		// a later answer on the same socket shows nothing else was sent before it
		fresh.ws.send(encodeStep1(new Uint8Array([0])));
		r.ws.send(encodeStep1(new Uint8Array([0])));
		await Promise.all([fresh.count(0, 2), r.count(0, 2)]);
		expect([...fresh.frames, ...r.frames].filter((f) => f[0] === 0 && f[1] === 0)).toEqual([]);
	});

	it('stores an update before acknowledging and relaying it', async () => {
		const a = await client('u1.editor');
		const b = await client('u2.editor');
		const { d, update } = edit((x) => x.getMap('m').set('k', 1));
		a.ws.send(encodeUpdate(update));
		const ack = await a.next(MESSAGE_STORED);
		const sv = Y.decodeStateVector(decoding.readVarUint8Array(decoding.createDecoder(ack.subarray(1))));
		expect(sv).toEqual(new Map([[d.clientID, 1]]));
		expect(store.load('checklist:a').updates).toHaveLength(1); // stored by the time of the ack
		const relayed = await b.next(0, 2);
		expect(parseFrame(relayed)).toEqual({ type: 'update', update });
		expect(a.frames.filter((f) => f[0] === 0 && f[1] === 2)).toEqual([]); // not echoed to the sender
	});

	it('acknowledges re-sent deletions without storing them again (a reconnecting client sends its whole delete set)', async () => {
		const a = await client('u1.editor');
		const d = new Y.Doc();
		const text = d.getText('t');
		text.insert(0, 'abcdef');
		a.ws.send(encodeUpdate(Y.encodeStateAsUpdate(d)));
		await a.next(MESSAGE_STORED);
		text.delete(0, 2);
		a.ws.send(encodeUpdate(Y.encodeStateAsUpdate(d)));
		await a.count(MESSAGE_STORED, 2);
		expect(store.load('checklist:a').updates).toHaveLength(2);
		// the same full state again, as a reconnect's sync step 2 carries it: acknowledged, not stored
		a.ws.send(encodeUpdate(Y.encodeStateAsUpdate(d)));
		await a.count(MESSAGE_STORED, 3);
		expect(store.load('checklist:a').updates).toHaveLength(2);
		// a new deletion is stored
		text.delete(0, 1);
		a.ws.send(encodeUpdate(Y.encodeStateAsUpdate(d)));
		await a.count(MESSAGE_STORED, 4);
		expect(store.load('checklist:a').updates).toHaveLength(3);
	});

	it('drops the updates of a read-only connection: never stored nor relayed', async () => {
		const viewer = await client('v.viewer');
		const other = await client('e.editor');
		viewer.ws.send(encodeUpdate(edit((x) => x.getMap('m').set('evil', 1)).update));
		// a later editor update proves the server handled the viewer's frame first
		other.ws.send(encodeUpdate(edit((x) => x.getMap('m').set('ok', 1)).update));
		await other.next(MESSAGE_STORED);
		expect(store.load('checklist:a').updates).toHaveLength(1);
		expect(sync.stats().readOnlyDropped).toBe(1);
		expect(viewer.frames.filter((f) => f[0] === MESSAGE_STORED)).toEqual([]);
	});

	it('closes only the connection that sends a bad frame, with 1003 or 1007', async () => {
		const bystander = await client('b.editor');
		const cases: [Uint8Array | string, number][] = [
			['text frame', CLOSE.unsupported],
			[new Uint8Array([42]), CLOSE.unsupported],
			[new Uint8Array([0, 2, 0xff]), CLOSE.invalidData],
			[encodeUpdate(new Uint8Array([5, 200, 1, 2, 3])), CLOSE.invalidData]
		];
		for (const [frame, code] of cases) {
			const bad = await client('m.editor');
			bad.ws.send(frame);
			expect(await bad.closed).toBe(code);
		}
		const { update } = edit((x) => x.getMap('m').set('still', 'fine'));
		bystander.ws.send(encodeUpdate(update));
		await bystander.next(MESSAGE_STORED);
	});

	it('refuses a socket without credentials with 4401 and an unknown document with 4403, sending nothing', async () => {
		const none = new Client(port, '');
		clients.push(none);
		expect(await none.closed).toBe(CLOSE.unauthenticated);
		const other = new Client(port, 'u.editor', 'actionplan:x');
		clients.push(other);
		expect(await other.closed).toBe(CLOSE.forbidden);
		const bad = new Client(port, 'u.editor', 'nonsense');
		clients.push(bad);
		expect(await bad.closed).toBe(CLOSE.notFound);
		expect([...none.frames, ...other.frames, ...bad.frames]).toEqual([]);
	});

	it('acknowledges nothing and disconnects the sender when the store fails', async () => {
		const failing: DocStore = {
			...createMemoryDocStore(),
			appendBatch: () => {
				throw new Error('disk full');
			}
		};
		await sync.close();
		http.close();
		await start(failing);
		const a = await client('a.editor');
		const b = await client('b.editor');
		a.ws.send(encodeUpdate(edit((x) => x.getMap('m').set('k', 1)).update));
		expect(await a.closed).toBe(CLOSE.internal);
		expect(b.frames.filter((f) => f[0] === 0 && f[1] === 2)).toEqual([]);
	});

	it('compacts the log past the row threshold', async () => {
		await sync.close();
		http.close();
		await start(createMemoryDocStore(), { compactRows: 10 });
		const a = await client('a.editor');
		const d = new Y.Doc();
		d.on('update', (u: Uint8Array) => a.ws.send(encodeUpdate(u)));
		for (let i = 0; i < 25; i++) d.getMap('m').set(`k${i}`, i);
		await a.stored(d.clientID, 25);
		expect(a.frames.filter((f) => f[0] === MESSAGE_STORED).length).toBeLessThan(25); // answers merged
		expect(store.load('checklist:a').updates.length).toBeLessThan(25);
		expect(store.stats('checklist:a').snapshots).toBe(1);
	});

	it("compacts on the SQLite store's compaction thread while a client keeps editing, losing nothing", async () => {
		await sync.close();
		http.close();
		const dir = mkdtempSync(join(tmpdir(), 'civicloop-compact-'));
		const path = join(dir, 'test.db');
		createDb(path).close(); // applies the migrations
		const sqlite = openSqliteDocStore(path);
		const answered: Promise<void>[] = [];
		// the same store, noting when each compaction handed to the thread is answered
		const watched: DocStore = {
			...sqlite,
			compactAsync: (name, done) =>
				void answered.push(new Promise<void>((ok) => sqlite.compactAsync!(name, (err, snap) => ok(done(err, snap)))))
		};
		try {
			await start(watched, { compactRows: 50 });
			const a = await client('a.editor');
			const d = new Y.Doc();
			d.on('update', (u: Uint8Array) => a.ws.send(encodeUpdate(u)));
			for (let i = 0; i < 300; i++) d.getMap('m').set(`k${i}`, i);
			await a.stored(d.clientID, 300);
			// every compaction answered, including those queued by an answer (on the next turn)
			for (let seen = -1; seen !== answered.length;) {
				seen = answered.length;
				await Promise.all(answered);
				await new Promise((ok) => setTimeout(ok, 0));
			}
			expect(answered.length).toBeGreaterThanOrEqual(1);
			expect(sqlite.stats('checklist:a').snapshots).toBe(1);
			expect(sqlite.load('checklist:a').updates.length).toBeLessThan(50);
			// a new client gets everything from the compacted snapshot and the log after it
			const b = await client('b.editor');
			b.ws.send(encodeStep1(new Uint8Array([0])));
			const reply = new Y.Doc();
			const step2 = parseFrame(await b.next(0, 1));
			if (step2.type !== 'step2') throw new Error(`expected sync step 2, got ${step2.type}`);
			Y.applyUpdate(reply, step2.update);
			expect(reply.getMap('m').size).toBe(300);
			const reloaded = new Y.Doc();
			Y.applyUpdate(reloaded, sync.state('checklist:a'));
			expect(reloaded.getMap('m').toJSON()).toEqual(d.getMap('m').toJSON());
		} finally {
			await sync.close();
			http.close();
			await sqlite.close();
			rmSync(dir, { recursive: true, force: true });
			await start(createMemoryDocStore()); // for afterEach
		}
	});

	it('compacts the log of server-side changes to a document nobody has open', async () => {
		await sync.close();
		http.close();
		await start(createMemoryDocStore(), { compactRows: 10 });
		for (let i = 0; i < 25; i++) expect(sync.change('checklist:a', (d) => d.getMap('m').set(`k${i}`, i))).toBe(true);
		expect(store.load('checklist:a').updates.length).toBeLessThan(10);
		expect(store.stats('checklist:a').snapshots).toBe(1);
		const d = new Y.Doc();
		Y.applyUpdate(d, sync.state('checklist:a'));
		expect(d.getMap('m').size).toBe(25);
	});
});

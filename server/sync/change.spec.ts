/**
 * Server-originated changes (`SyncServer.change`): stored, relayed to everyone connected like a
 * client's update, projected; nothing stored when the change changes nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CLOSE, MESSAGE_STORED } from '../../src/lib/sync/protocol';
import { encodeUpdate, parseFrame } from './messages';
import { createSyncServer, type SyncAuth, type SyncServer } from './server';
import { createMemoryDocStore, type DocStore } from './store';

const auth: SyncAuth = {
	handshake(req) {
		const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
		if (!token) return { ok: false, close: CLOSE.unauthenticated };
		return { ok: true, principal: { userId: token, name: token, organizationId: 'org', credential: null } };
	},
	open: (_p, name) => (name.startsWith('actionplan:') ? { kind: 'actionplan', organizationId: 'org', canWrite: true } : null),
	recheck: (p) => p
};

const content = (store: DocStore, name: string) => {
	const d = new Y.Doc();
	const s = store.load(name);
	for (const u of [...(s.snapshot ? [s.snapshot.data] : []), ...s.updates.map((x) => x.data)]) Y.applyUpdate(d, u);
	return d;
};

describe('server-originated changes', () => {
	let store: DocStore;
	let sync: SyncServer;
	let http: Server;
	let projected: unknown[];

	beforeEach(async () => {
		store = createMemoryDocStore();
		const seed = new Y.Doc();
		seed.getMap('meta').set('title', 'Plan');
		store.append('actionplan:p', Y.encodeStateAsUpdate(seed));
		projected = [];
		sync = createSyncServer({
			store,
			auth,
			log: { debug() {}, info() {}, warn() {}, error() {} },
			maxPayload: 64 * 1024,
			unloadMs: 10,
			projections: { actionplan: { delayMs: 0, run: (_name, doc) => void projected.push(doc.getMap('meta').get('status')) } }
		});
		http = createServer();
		http.on('upgrade', (req, socket, head) => sync.handleUpgrade(req, socket, head));
		await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
	});
	afterEach(async () => {
		await sync.close();
		http.closeAllConnections();
		http.close();
	});

	it('stores a change to a document nobody has open, and projects it', () => {
		expect(sync.change('actionplan:p', (d) => d.getMap('meta').set('status', 'on_track'))).toBe(true);
		expect(store.load('actionplan:p').updates).toHaveLength(2);
		expect(content(store, 'actionplan:p').getMap('meta').toJSON()).toEqual({ title: 'Plan', status: 'on_track' });
		expect(projected).toEqual(['on_track']);
		expect(sync.change('actionplan:p', () => {})).toBe(false);
		expect(store.load('actionplan:p').updates).toHaveLength(2);
	});

	it('keeps a document changed by the server loaded for a while, so the next change does not rebuild it, then lets it go', async () => {
		let loads = 0;
		const load = store.load.bind(store);
		store.load = (name) => (loads++, load(name));
		expect(sync.change('actionplan:p', (d) => d.getMap('meta').set('status', 'at_risk'))).toBe(true);
		expect(sync.change('actionplan:p', (d) => d.getMap('meta').set('status', 'done'))).toBe(true);
		expect(sync.change('actionplan:p', (d) => d.getMap('meta').set('owner', 'ana'))).toBe(true);
		expect(loads).toBe(1); // read from the store once for three changes
		expect(projected).toEqual(['at_risk', 'done', 'done']); // each change is projected before change() returns
		expect(content(store, 'actionplan:p').getMap('meta').toJSON()).toEqual({ title: 'Plan', status: 'done', owner: 'ana' });
		expect(sync.loadedDocs()).toEqual(['actionplan:p']);
		// nobody connects: it leaves memory after unloadMs (10 ms here)
		const deadline = Date.now() + 5_000;
		while (sync.loadedDocs().length > 0 && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 5));
		expect(sync.loadedDocs()).toEqual([]);
	});

	it('relays a change to the connected editors after storing it', async () => {
		const ws = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/sync/actionplan:p?token=u1`);
		const frames: Uint8Array[] = [];
		const got = new Promise<void>((ok) =>
			ws.on('message', (data: Buffer) => {
				frames.push(new Uint8Array(data));
				if (frames.some((f) => parseFrame(f).type === 'update')) ok();
			})
		);
		await new Promise<void>((ok) => ws.once('open', () => ok()));
		expect(sync.change('actionplan:p', (d) => d.getMap('meta').set('status', 'done'))).toBe(true);
		await got;
		const replica = new Y.Doc();
		Y.applyUpdate(replica, sync.state('actionplan:p'));
		const relayed = frames.map(parseFrame).find((m) => m.type === 'update');
		const mine = new Y.Doc();
		Y.applyUpdate(mine, store.load('actionplan:p').updates[0]!.data);
		if (relayed?.type === 'update') Y.applyUpdate(mine, relayed.update);
		expect(mine.getMap('meta').get('status')).toBe('done');
		expect(replica.getMap('meta').get('status')).toBe('done');
		ws.terminate();
	});

	it('records the author of every stored plan update: the user of the connection, or the one given to change()', async () => {
		const ws = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/sync/actionplan:p?token=ana`);
		const stored = new Promise<void>((ok) => ws.on('message', (data: Buffer) => data[0] === MESSAGE_STORED && ok()));
		await new Promise<void>((ok) => ws.once('open', () => ok()));
		const mine = new Y.Doc();
		Y.applyUpdate(mine, sync.state('actionplan:p'));
		const parts: Uint8Array[] = [];
		mine.on('update', (u: Uint8Array) => parts.push(u));
		mine.getMap('meta').set('title', 'Ana’s plan');
		ws.send(encodeUpdate(parts[0]!));
		await stored;
		sync.change('actionplan:p', (d) => d.getMap('meta').set('status', 'at_risk'), 'ben');
		sync.change('actionplan:p', (d) => d.getMap('meta').set('status', 'done'));
		const h = store.history('actionplan:p');
		expect(h.map((e) => e.author)).toEqual([null, 'ana', 'ben', null]);
		expect(h[0]!.seq).toBeNull(); // the content from before the first recorded edit
		ws.terminate();
	});
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, itemsOf, removeItem, updateItem } from '$lib/domain/checklist/doc';
import { StoredTracker, type TrackerSnapshot } from './stored-tracker';

const SERVER = Symbol('server');

/** A client doc, a server doc and an explicit, in-order "network" we flush by hand. */
function setup(initial?: TrackerSnapshot, client = new Y.Doc()) {
	const server = new Y.Doc();
	let connected = false;
	const outbox: Uint8Array[] = [];
	const tracker = new StoredTracker(client, { isConnected: () => connected, initial });
	client.on('update', (u: Uint8Array, origin: unknown) => {
		if (origin !== SERVER && connected) outbox.push(u);
	});
	const receive = (u: Uint8Array) => {
		tracker.serverUpdate(u);
		Y.applyUpdate(client, u, SERVER);
	};
	return {
		receive,
		server,
		client,
		tracker,
		connect() {
			connected = true;
			tracker.serverStateVector(Y.encodeStateVector(server));
			// our sync step 2 (everything the server lacks, with our whole delete set) ...
			outbox.push(Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
			// ... and the server's sync step 2
			receive(Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
		},
		disconnect() {
			connected = false;
			outbox.length = 0;
			tracker.disconnected();
		},
		/** The server stores what was sent, then acknowledges each message with its state vector. */
		flush() {
			for (const u of outbox.splice(0)) {
				Y.applyUpdate(server, u);
				tracker.ack(Y.encodeStateVector(server));
			}
		}
	};
}

const item = (id: string, text = id) => ({ id, phase: 'planning' as const, text, assignee: null, due: null, notes: '', evidence: null });

describe('StoredTracker', () => {
	it('counts local edits until the server acknowledges them', () => {
		const t = setup();
		t.connect();
		addItem(t.client, item('a', 'Call'));
		expect(t.tracker.unsynced).toBeGreaterThan(0);
		t.flush();
		expect(t.tracker.unsynced).toBe(0);
	});

	it('keeps offline edits counted across a disconnect and clears them after the resync', () => {
		const t = setup();
		t.connect();
		addItem(t.client, item('a'));
		t.flush();
		t.disconnect();
		updateItem(t.client, 'a', { done: true });
		const offline = t.tracker.unsynced;
		expect(offline).toBeGreaterThan(0);
		t.connect();
		expect(t.tracker.unsynced).toBe(offline);
		t.flush();
		expect(t.tracker.unsynced).toBe(0);
	});

	it('does not count changes relayed from other people', () => {
		const t = setup();
		t.connect();
		const other = new Y.Doc();
		addItem(other, item('b'));
		const u = Y.encodeStateAsUpdate(other);
		Y.applyUpdate(t.server, u);
		t.receive(u);
		expect(t.tracker.unsynced).toBe(0);
	});

	it('counts a delete-only change (removing an item) until it is acknowledged', () => {
		const t = setup();
		t.connect();
		addItem(t.client, item('a'));
		t.flush();
		t.disconnect();
		removeItem(t.client, 'a');
		expect(t.tracker.unsynced).toBe(1);
		t.connect();
		expect(t.tracker.unsynced).toBe(1);
		t.flush();
		expect(t.tracker.unsynced).toBe(0);
		expect(itemsOf(t.server).length).toBe(0);
	});

	it('clears a pending delete when the server delete set already covers it', () => {
		const t = setup();
		t.connect();
		addItem(t.client, item('a'));
		t.flush();
		t.disconnect();
		removeItem(t.client, 'a');
		// someone else removed it too, and the server stored that
		Y.applyUpdate(t.server, Y.encodeStateAsUpdate(t.client));
		t.receive(Y.encodeStateAsUpdate(t.server));
		expect(t.tracker.unsynced).toBe(0);
	});

	it('restores its belief from a snapshot (a reload while offline)', () => {
		const t = setup();
		t.connect();
		addItem(t.client, item('a'));
		t.flush();
		t.disconnect();
		addItem(t.client, item('b', 'xy'));
		removeItem(t.client, 'a');
		const before = t.tracker.unsynced;
		const snap = t.tracker.snapshot();
		const reloaded = new Y.Doc();
		Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(t.client));
		const t2 = new StoredTracker(reloaded, { isConnected: () => false, initial: snap });
		expect(t2.unsynced).toBe(before);
	});

	it('trusts the server over an old belief when the server has less (restored from a backup)', () => {
		const t = setup();
		t.connect();
		addItem(t.client, item('a'));
		t.flush();
		t.disconnect();
		t.server = new Y.Doc();
		const fresh = setup(t.tracker.snapshot(), t.client);
		fresh.connect();
		expect(fresh.tracker.unsynced).toBeGreaterThan(0);
		fresh.flush();
		expect(fresh.tracker.unsynced).toBe(0);
	});
});

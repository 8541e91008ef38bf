/**
 * Factories for the cycles/plans tests against the real server: a cycle through the API, and a
 * Node Yjs client on a document authenticated with a test client's session cookie (and our
 * Origin, as a browser would send). Waits are on events, never on sleeps.
 */
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MESSAGE_STORED } from '../../src/lib/sync/protocol';
import { until } from './sync-harness';
import type { Client, RunningServer } from './server';

export interface CycleSummary {
	id: string;
	name: string;
	kind: string;
	phase: string;
	checklistDoc: string;
	planDoc: string;
}

export async function createCycle(c: Client, fields: Record<string, unknown> = {}): Promise<CycleSummary> {
	const res = await c.json('/api/v1/cycles', 'POST', {
		name: `Cycle ${Math.random().toString(36).slice(2, 7)}`,
		kind: 'quarterly_evaluation',
		periodStart: '2025-01-01',
		periodEnd: '2025-03-31',
		...fields
	});
	if (res.status !== 201) throw new Error(`create cycle: ${res.status} ${await res.text()}`);
	return (await res.json()) as CycleSummary;
}

/** A y-websocket client in Node, signed in with `c`'s session cookie. */
export class DocClient {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	private stored = new Map<number, number>();
	private acks = new Set<() => void>();

	constructor(server: RunningServer, c: Client, name: string) {
		const headers = { cookie: c.cookieHeader, origin: server.url };
		class CookieSocket extends WebSocket {
			constructor(url: string, protocols?: string | string[]) {
				super(url, protocols, { headers });
			}
		}
		this.provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, name, this.doc, {
			WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true,
			maxBackoffTime: 200
		});
		this.provider.messageHandlers[MESSAGE_STORED] = (_e, dec) => {
			for (const [client, clock] of Y.decodeStateVector(decoding.readVarUint8Array(dec)))
				if ((this.stored.get(client) ?? 0) < clock) this.stored.set(client, clock);
			for (const fn of this.acks) fn();
		};
	}

	synced(): Promise<void> {
		return until(
			() => this.provider.synced,
			(again) => {
				this.provider.on('sync', again);
				return () => this.provider.off('sync', again);
			},
			'synced'
		);
	}

	/** Everything this client wrote is stored on the server. */
	allStored(): Promise<void> {
		return until(
			() => (this.stored.get(this.doc.clientID) ?? 0) >= Y.getState(this.doc.store, this.doc.clientID),
			(again) => {
				this.acks.add(again);
				return () => this.acks.delete(again);
			},
			'stored'
		);
	}

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

	destroy(): void {
		this.provider.destroy();
		this.doc.destroy();
	}
}

/** Polls `fn` until `ok(value)`; for projections, which run a moment after the last update. */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, label: string, ms = 15_000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = await fn();
		if (ok(v)) return v;
		if (Date.now() > end) throw new Error(`timed out waiting for ${label}: ${JSON.stringify(v)}`);
		await new Promise((r) => setTimeout(r, 50)); // a poll interval, not a synchronisation sleep
	}
}

/** A valid 1×1 PNG. */
export const PNG_1PX = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64'
);

/**
 * The benchmark's client process (separate from the server so each has its own CPU). Runs one
 * case given as JSON in argv[2]; prints JSON lines; waits for `go` / `close` on stdin.
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { LightClient, updateId, type Counters } from './sync-light';

export type ClientCase =
	| {
			kind: 'fanout';
			base: string;
			query: string;
			docs: string[];
			perDoc: number;
			stock: number;
			seconds: number;
			/** writing before the measured phase, reported apart */
			warmSeconds: number;
			intervalMs: number;
			protocol: boolean;
	  }
	| { kind: 'join'; base: string; query: string; doc: string; clients: number }
	| {
			kind: 'cold';
			base: string;
			query: string;
			light: string;
			stock: string;
			warm: string;
			/** where the whole document is written, for the floor measured in a fresh process (sync-apply.ts) */
			wholeFile: string;
	  }
	| { kind: 'reconnect'; base: string; query: string; doc: string; offline: number }
	| { kind: 'many'; base: string; query: string; prefix: string; count: number; concurrency: number };

const cfg = JSON.parse(process.argv[2]!) as ClientCase;
const out = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
const lines = createInterface({ input: process.stdin });
const command = (want: string) => new Promise<void>((ok) => lines.on('line', (l) => l === want && ok()));
const counters: Counters = { sent: 0, received: 0 };
const url = (doc: string) => `${cfg.base}/${doc}${cfg.query}`;

/** Counts frames of stock providers too. */
class CountingWebSocket extends WebSocket {
	constructor(address: string, protocols?: string | string[]) {
		super(address, protocols);
		this.on('message', () => counters.received++);
		this.on('error', () => {});
	}
	override send(data: unknown, ...rest: unknown[]): void {
		counters.sent++;
		(super.send as (...a: unknown[]) => void)(data, ...rest);
	}
}

function stockProvider(doc: string, ydoc = new Y.Doc(), connect = true): WebsocketProvider {
	const p = new WebsocketProvider(cfg.base, doc, ydoc, {
		WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: Object.fromEntries(new URLSearchParams(cfg.query.slice(1))),
		connect
	});
	p.messageHandlers[7] = (_e, d) => void decoding.readVarUint8Array(d); // MESSAGE_STORED
	return p;
}

const waitFor = (check: () => boolean, ms: number) =>
	new Promise<boolean>((ok) => {
		const end = Date.now() + ms;
		const t = setInterval(() => {
			if (check() || Date.now() > end) {
				clearInterval(t);
				ok(check());
			}
		}, 2);
	});
const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]! : NaN);

async function fanout(c: Extract<ClientCase, { kind: 'fanout' }>) {
	const sentAt = new Map<string, number>();
	/** the latencies of the phase running (warm-up, then the measured one) */
	let latencies: number[] = [];
	const record = (u: Uint8Array) => {
		const at = sentAt.get(updateId(u) ?? '');
		if (at !== undefined) latencies.push(performance.now() - at);
	};
	const receivers: LightClient[] = [];
	const stocks: WebsocketProvider[] = [];
	const writers: { ws: LightClient; doc: Y.Doc }[] = [];
	for (const name of c.docs) {
		const doc = new Y.Doc();
		const w = new LightClient(url(name), counters, null, c.protocol);
		doc.on('update', (u: Uint8Array) => {
			sentAt.set(updateId(u)!, performance.now());
			w.send(new Uint8Array([0, 2, ...encodeLen(u.length), ...u]));
		});
		writers.push({ ws: w, doc });
	}
	await opened(writers.map((w) => w.ws.opened));
	// Memory per connection is the slope of the server's memory over the receivers connected,
	// sampled at STEPS points (the server is measured at each `step`): the first point after a
	// warm-up of FIRST receivers and the stock providers (the documents loaded, the code paths
	// compiled), the others as the rest connect. A slope is not moved by one-off growth (a heap
	// page, compiled code) the way the difference of two points is.
	const FIRST = 20;
	const STEPS = 5;
	const total = c.docs.length * (c.perDoc - 1) - c.stock;
	const stepAt = new Set(Array.from({ length: STEPS - 1 }, (_, i) => Math.round(FIRST + ((total - FIRST) * (i + 1)) / (STEPS - 1))));
	stepAt.add(FIRST);
	const step = async () => {
		await opened(receivers.map((x) => x.opened));
		await waitFor(() => stocks.every((p) => p.synced), 10_000);
		out({ event: 'step', receivers: receivers.length });
		await command('more');
	};
	let stockLeft = c.stock;
	for (const name of c.docs)
		for (let i = 1; i < c.perDoc; i++) {
			if (stockLeft-- > 0) {
				const p = stockProvider(name);
				p.doc.on('update', (u: Uint8Array, origin: unknown) => origin === p && record(u));
				stocks.push(p);
				continue;
			}
			const r = new LightClient(url(name), counters, null, c.protocol);
			r.onUpdate = record;
			receivers.push(r);
			if (stepAt.has(receivers.length)) await step();
			else if (receivers.length % 50 === 0) await opened(receivers.slice(-50).map((x) => x.opened));
		}
	await opened(receivers.map((r) => r.opened));
	await waitFor(() => stocks.every((p) => p.synced), 10_000);
	out({ event: 'connected', receivers: receivers.length });
	await command('go');
	/** Every writer sets a key every intervalMs for `seconds` (staggered), then every delivery is awaited. */
	let sent = 0;
	const write = async (seconds: number) => {
		latencies = [];
		const sent0 = sent;
		const cpu0 = process.cpuUsage();
		const t0 = performance.now();
		const timersById = new Map<number, NodeJS.Timeout>();
		const timers = writers.map(({ doc }, i) =>
			setTimeout(
				() => {
					const tick = () => {
						doc.getMap('m').set('k', sent++);
						timersById.set(i, setTimeout(tick, c.intervalMs));
					};
					tick();
				},
				(i * c.intervalMs) / writers.length
			)
		);
		await new Promise((ok) => setTimeout(ok, seconds * 1000));
		for (const t of [...timers, ...timersById.values()]) clearTimeout(t);
		const expected = (sent - sent0) * (c.perDoc - 1);
		await waitFor(() => latencies.length >= expected, 3000);
		const cpu = process.cpuUsage(cpu0);
		const wall = performance.now() - t0;
		const xs = latencies.sort((a, b) => a - b);
		return {
			updates: sent - sent0,
			deliveries: xs.length,
			expected,
			p50: pct(xs, 50),
			p95: pct(xs, 95),
			p99: pct(xs, 99),
			clientCpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100
		};
	};
	// The same writes from a cold start first, reported apart (`warmUp`): the figures that follow
	// are those of a server that has been running, not of its first second (code compiled on
	// first use, the first WAL growing).
	if (c.warmSeconds > 0) {
		out({ event: 'warmed', ...(await write(c.warmSeconds)) });
		await command('go');
	}
	out({ event: 'result', ...(await write(c.seconds)) });
	await command('close');
	for (const r of [...receivers, ...writers.map((w) => w.ws)]) r.close();
	for (const p of stocks) p.destroy();
}

/** Waits for sockets to open; a refused one fails the case with a clear message. */
async function opened(ps: Promise<void>[]): Promise<void> {
	const r = await Promise.allSettled(ps);
	const failed = r.filter((x) => x.status === 'rejected').length;
	if (failed) throw new Error(`${failed} of ${ps.length} connections failed to open`);
}

function encodeLen(n: number): number[] {
	const out: number[] = [];
	while (n > 127) {
		out.push((n & 127) | 128);
		n = Math.floor(n / 128);
	}
	out.push(n);
	return out;
}

async function join(c: Extract<ClientCase, { kind: 'join' }>) {
	const t0 = performance.now();
	const cpu0 = process.cpuUsage();
	const clients: LightClient[] = [];
	for (let i = 0; i < c.clients; i++) {
		if (i % 100 === 0 && i > 0) await new Promise<void>((ok) => setImmediate(ok)); // let the accept queue drain
		clients.push(new LightClient(url(c.doc), counters, { id: 1_000_000 + i, state: { user: { name: `client ${i}` }, cursor: null } }));
	}
	const done = () => clients.every((x) => x.synced && x.present.size >= c.clients);
	let allOpenMs = 0;
	let allSyncedMs = 0;
	const ok = await waitFor(() => {
		if (!allOpenMs && clients.every((x) => x.ws.readyState === WebSocket.OPEN)) allOpenMs = performance.now() - t0;
		if (!allSyncedMs && clients.every((x) => x.synced)) allSyncedMs = performance.now() - t0;
		return done();
	}, 20_000);
	const ms = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	out({
		event: 'result',
		ok,
		ms,
		allOpenMs,
		allSyncedMs,
		frames: counters.sent + counters.received,
		sent: counters.sent,
		received: counters.received,
		clientCpuPct: ((cpu.user + cpu.system) / 1000 / ms) * 100
	});
	await command('close');
	for (const x of clients) x.close();
}

async function cold(c: Extract<ClientCase, { kind: 'cold' }>) {
	const t0 = performance.now();
	const light = new LightClient(url(c.light), counters);
	await waitFor(() => light.synced, 10_000);
	const serverMs = performance.now() - t0;
	const t1 = performance.now();
	const p = stockProvider(c.stock);
	await waitFor(() => p.synced, 20_000);
	const providerMs = performance.now() - t1;
	// the client-side floor: the stock provider must apply the whole document whatever the server
	const whole = Y.encodeStateAsUpdate(p.doc);
	writeFileSync(c.wholeFile, whole);
	const t2 = performance.now();
	Y.applyUpdate(new Y.Doc(), whole);
	const clientApplyMs = performance.now() - t2;
	const entries = p.doc.getMap('m').size;
	light.close();
	p.destroy();
	p.doc.destroy();
	// The same with a client whose Yjs code has run before, as in a browser tab that has been open
	// a while: another document, also cold on the server.
	const t3 = performance.now();
	const w = stockProvider(c.warm);
	await waitFor(() => w.synced, 20_000);
	const warmProviderMs = performance.now() - t3;
	const warmEntries = w.doc.getMap('m').size;
	w.destroy();
	out({ event: 'result', serverMs, providerMs, warmProviderMs, clientApplyMs, bytes: whole.length, entries, warmEntries });
	await command('close');
}

async function reconnect(c: Extract<ClientCase, { kind: 'reconnect' }>) {
	const a = stockProvider(c.doc);
	const b = stockProvider(c.doc);
	await waitFor(() => a.synced && b.synced, 10_000);
	a.doc.transact(() => {
		for (let i = 0; i < 1000; i++) a.doc.getMap('m').set(`base${i}`, i);
	});
	await waitFor(() => b.doc.getMap('m').size >= 1000, 10_000);
	a.disconnect();
	for (let i = 0; i < c.offline; i++) a.doc.getMap('m').set(`off${i}`, i); // 5,000 separate edits
	const frames0 = counters.sent + counters.received;
	const t0 = performance.now();
	a.connect();
	const ok = await waitFor(() => b.doc.getMap('m').size >= 1000 + c.offline, 20_000);
	out({ event: 'result', ok, ms: performance.now() - t0, frames: counters.sent + counters.received - frames0 });
	a.destroy();
	b.destroy();
	await command('close');
}

process.on('SIGTERM', () => process.exit(0)); // exit normally (a --cpu-prof profile is written)
/** Opens `count` documents, `concurrency` at a time: each syncs, then closes. */
async function many(c: Extract<ClientCase, { kind: 'many' }>) {
	const t0 = performance.now();
	let next = 0;
	let failed = 0;
	const worker = async () => {
		while (next < c.count) {
			const client = new LightClient(url(`${c.prefix}${next++}`), counters);
			if (!(await waitFor(() => client.synced, 10_000))) failed++;
			await new Promise<void>((ok) => {
				client.ws.once('close', () => ok());
				client.close();
			});
		}
	};
	await Promise.all(Array.from({ length: c.concurrency }, worker));
	out({ event: 'result', ok: failed === 0, failed, opened: c.count, ms: performance.now() - t0 });
	await command('close');
}

const cases = { fanout, join, cold, reconnect, many } as Record<string, (c: never) => Promise<void>>;
await cases[cfg.kind]!(cfg as never);
out({ event: 'closed' });
process.exit(0);

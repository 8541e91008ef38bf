import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { frameOf, sendFramed } from './broadcast';

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const close of servers.splice(0)) await close();
});

/** A real ws server on port 0 with `n` real clients; resolves with both ends of each socket. */
async function pairs(n: number) {
	const http = createServer();
	const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
	const serverSide: WebSocket[] = [];
	wss.on('connection', (ws) => serverSide.push(ws));
	await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
	const port = (http.address() as AddressInfo).port;
	const clients = await Promise.all(
		Array.from(
			{ length: n },
			() =>
				new Promise<WebSocket>((ok, ko) => {
					const c = new WebSocket(`ws://127.0.0.1:${port}`);
					c.binaryType = 'nodebuffer';
					c.once('open', () => ok(c));
					c.once('error', ko);
				})
		)
	);
	while (serverSide.length < n) await new Promise((ok) => setImmediate(ok));
	servers.push(async () => {
		for (const c of clients) c.terminate();
		await new Promise((ok) => wss.close(() => http.close(ok)));
	});
	return { serverSide, clients };
}

const received = (c: WebSocket, count: number) =>
	new Promise<Buffer[]>((ok) => {
		const got: Buffer[] = [];
		c.on('message', (data: Buffer, binary: boolean) => {
			expect(binary).toBe(true);
			got.push(data);
			if (got.length === count) ok(got);
		});
	});

describe('frames built once for many sockets', () => {
	it('arrive at stock ws clients as the same binary messages, at every length class of the header', async () => {
		const { serverSide, clients } = await pairs(3);
		// 7-bit, 16-bit and 64-bit payload lengths, and their edges
		const sizes = [0, 1, 125, 126, 65_535, 65_536, 300_000];
		const messages = sizes.map((n, i) => Uint8Array.from({ length: n }, (_, j) => (i * 31 + j) % 256));
		const all = clients.map((c) => received(c, messages.length));
		for (const m of messages) {
			const frame = frameOf(m);
			for (const ws of serverSide) sendFramed(ws, frame, m);
		}
		for (const got of await Promise.all(all)) expect(got.map((b) => [...b])).toEqual(messages.map((m) => [...m]));
	});

	it('keeps order with messages sent through ws.send on the same socket', async () => {
		const { serverSide, clients } = await pairs(1);
		const got = received(clients[0]!, 4);
		const ws = serverSide[0]!;
		const m = (x: number) => new Uint8Array([x, x, x]);
		ws.send(m(1));
		sendFramed(ws, frameOf(m(2)), m(2));
		ws.send(m(3));
		sendFramed(ws, frameOf(m(4)), m(4));
		expect((await got).map((b) => b[0])).toEqual([1, 2, 3, 4]);
	});

	it('falls back to ws.send when the socket internals are not what it expects', async () => {
		const { serverSide, clients } = await pairs(1);
		const got = received(clients[0]!, 1);
		const ws = serverSide[0]!;
		const inner = ws as unknown as { _socket: unknown };
		const socket = inner._socket;
		inner._socket = undefined; // e.g. a ws version that keeps its socket elsewhere
		let sent = 0;
		const original = ws.send.bind(ws);
		ws.send = ((...args: Parameters<WebSocket['send']>) => (sent++, original(...args))) as WebSocket['send'];
		const m = new Uint8Array([9, 8, 7]);
		sendFramed(ws, frameOf(m), m);
		inner._socket = socket;
		expect(sent).toBe(1);
		expect([...(await got)[0]!]).toEqual([9, 8, 7]);
	});
});

/**
 * One message to many sockets: the WebSocket frame (RFC 6455 §5.2: FIN, binary, unmasked as
 * every server-to-client frame is) is built once and written to each socket as one buffer.
 * `ws.send` would frame the message again for every socket and write header and payload as two
 * buffers through a corked writev. Framing once is the approach the `ws` maintainers suggest for
 * broadcasts (websockets/ws#617). It uses two internals of `ws` (pinned in package.json): the
 * socket, and the sender's state, which must be idle (it queues only while compressing, and this
 * server never compresses). Both are checked on every write; if either is not as expected, the
 * message goes through `ws.send` instead.
 */
import type { WebSocket } from 'ws';

/** The complete frame of a binary message. */
export function frameOf(payload: Uint8Array): Buffer {
	const n = payload.length;
	const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
	const frame = Buffer.allocUnsafe(head + n);
	frame[0] = 0x82; // FIN + opcode 2 (binary)
	if (n < 126) frame[1] = n;
	else if (n < 65_536) {
		frame[1] = 126;
		frame.writeUInt16BE(n, 2);
	} else {
		frame[1] = 127;
		frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
		frame.writeUInt32BE(n >>> 0, 6);
	}
	frame.set(payload, head);
	return frame;
}

interface WsInternals {
	_socket?: { write(chunk: Buffer): boolean } | null;
	_sender?: { _state?: unknown } | null;
}

/** Writes `frame` (= frameOf(payload)) to an open socket; falls back to `ws.send(payload)`. */
export function sendFramed(ws: WebSocket, frame: Buffer, payload: Uint8Array): void {
	const inner = ws as unknown as WsInternals;
	const socket = inner._socket;
	if (socket && typeof socket.write === 'function' && inner._sender?._state === 0) socket.write(frame);
	else ws.send(payload);
}

/**
 * WebSocket upgrades on `/sync/...`. The collaboration engine attaches here; until a document
 * kind is registered, every upgrade is refused cleanly with 404 (no socket is left half-open).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
	if (!socket.writable) return void socket.destroy();
	socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`);
}

export function handleUpgrade(_req: IncomingMessage, socket: Duplex, _head: Buffer): void {
	socket.on('error', () => socket.destroy());
	refuseUpgrade(socket, 404, 'Not Found');
}

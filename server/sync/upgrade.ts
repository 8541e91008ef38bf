/** Small pieces of the upgrade path: the document name in the URL, refusing before upgrading. */
import type { Duplex } from 'node:stream';

/** A state vector of no clients: varUint 0 (what Y.encodeStateVector gives for an empty doc). */
export function isEmptyStateVector(sv: Uint8Array): boolean {
	return sv.length === 1 && sv[0] === 0;
}

/** `/sync/<docName>?...` → the decoded document name, or null. */
export function docNameFromUrl(url: string | undefined): string | null {
	const path = (url ?? '').split('?')[0] ?? '';
	if (!path.startsWith('/sync/')) return null;
	try {
		return decodeURIComponent(path.slice('/sync/'.length));
	} catch {
		return null;
	}
}

export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
	if (!socket.writable) return void socket.destroy();
	socket.end(
		`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`
	);
}

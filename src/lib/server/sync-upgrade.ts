/**
 * WebSocket upgrades on `/sync/...`, from production (`server/index.ts`) and `vite dev`
 * (`server/dev-plugin.ts`): handed to the app context's one sync server (server/sync).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { syncServerFor } from '../../../server/sync/for-context';
import { refuseUpgrade } from '../../../server/sync/server';
import { peekContext } from './context';

export { refuseUpgrade };

export function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
	socket.on('error', () => socket.destroy());
	const ctx = peekContext();
	if (!ctx) return refuseUpgrade(socket, 503, 'Service Unavailable');
	try {
		syncServerFor(ctx).handleUpgrade(req, socket, head);
	} catch (err) {
		ctx.log.error({ err: (err as Error).message }, 'sync.upgrade_failed');
		if (!socket.destroyed) refuseUpgrade(socket, 500, 'Internal Server Error');
	}
}

/**
 * `vite dev` support: the same `/sync/...` WebSocket path as production, on Vite's own HTTP
 * server. Other upgrade requests (hot reload) are left to Vite (STACK.md pitfall 8).
 */
import type { Plugin, ViteDevServer } from 'vite';

export function devSyncPlugin(): Plugin {
	return {
		name: 'civicloop:dev-sync',
		apply: 'serve',
		configureServer(server: ViteDevServer) {
			const http = server.httpServer;
			if (!http || process.env.VITEST) return;
			http.on('upgrade', (req, socket, head) => {
				const path = (req.url ?? '').split('?')[0] ?? '';
				if (!path.startsWith('/sync/') && path !== '/sync') return;
				// Load the upgrade handler through Vite's SSR graph, so it shares module instances
				// (and so the app context) with the pages.
				server
					.ssrLoadModule('/src/lib/server/sync-upgrade.ts')
					.then((mod) => (mod as typeof import('../src/lib/server/sync-upgrade')).handleUpgrade(req, socket, head))
					.catch((err: unknown) => {
						server.config.logger.error(`sync upgrade failed: ${String(err)}`);
						socket.destroy();
					});
			});
		}
	};
}

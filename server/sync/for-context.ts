/**
 * One sync server per app context, created on the first `/sync` upgrade and kept on the context
 * (not in module scope: under `vite dev` this module may be loaded again, the context is not).
 */
import type { AppContext } from '../../src/lib/server/context';
import { createDocService } from '../../src/lib/server/docs/service';
import { createContextAuth } from './context-auth';
import { createRegistry, projectionsOf } from './registry';
import { createSyncServer, type SyncServer } from './server';
import { createSqliteDocStore, openSqliteDocStore } from './sqlite-store';

export function syncServerFor(ctx: AppContext): SyncServer {
	if (ctx.sync) return ctx.sync as SyncServer;
	const docs = createDocService(ctx);
	// A connection of its own for the update log, durable before anything is relayed (see sqlite-store.ts).
	const store =
		ctx.database.path === ':memory:'
			? createSqliteDocStore(ctx.database.sqlite)
			: openSqliteDocStore(ctx.database.path, {
					// compactions then run on the event loop's thread: slower, nothing lost
					onThreadError: (err) => ctx.log.error({ err: err.message }, 'sync.compaction_thread_failed')
				});
	const server = createSyncServer({
		store,
		auth: createContextAuth(ctx, docs),
		log: ctx.log,
		maxPayload: ctx.config.syncMaxPayload,
		unloadMs: ctx.config.syncUnloadMs,
		projections: projectionsOf(createRegistry(docs))
	});
	const off = ctx.events.on('member.changed', (e) => server.memberChanged(e));
	ctx.metrics.syncDocsLoaded = () => server.stats().docsLoaded;
	ctx.metrics.syncConnections = () => server.stats().connections;
	ctx.checks.syncLog = () => store.storageError?.()?.message ?? null;
	ctx.onClose(async () => {
		off();
		await server.close();
	});
	ctx.sync = server;
	return server;
}

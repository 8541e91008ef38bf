/**
 * One sync server under benchmark, in its own process so its CPU and memory are its own:
 *   ours       the CivicLoop engine through the production upgrade glue (DATA_DIR prepared by bench/sync.ts)
 *   reference  @y/websocket-server 0.1.1 (setupWSConnection), no persistence
 *   plain      a `ws` server that rebroadcasts every frame to the rest of its room: the floor
 *   plain-durable  the same, rebroadcasting only once the frame is on disk (group commit as ours
 *              does: one fdatasync at a time, on libuv's thread pool, of a file preallocated and
 *              overwritten in place like a reused WAL): the floor for a server that stores every
 *              update durably before relaying it, as the issue asks of ours
 * Prints `{"port"}` once listening; answers `stats` and `gc` lines on stdin with a JSON line.
 */
import { closeSync, fdatasync, fdatasyncSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type IncomingMessage } from 'node:http';
import { constants, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

type Variant = 'ours' | 'ours-normal' | 'reference' | 'plain' | 'plain-durable';
const variant = process.argv[2] as Variant;

async function setup(): Promise<{
	upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
	extra: () => object;
	/** a measured phase begins */
	phase?: () => void;
}> {
	if (variant === 'ours' || variant === 'ours-normal') {
		const { loadConfig } = await import('../src/lib/server/config');
		const { createContext, setContext } = await import('../src/lib/server/context');
		const { handleUpgrade } = await import('../src/lib/server/sync-upgrade');
		const { syncServerFor } = await import('../server/sync/for-context');
		const ctx = createContext(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }));
		setContext(ctx);
		if (variant === 'ours-normal') ctx.sync = await normalDurability(ctx);
		watchWal(`${ctx.database.path}-wal`);
		// the counters and latencies of the phase since the last `gc` line
		let from = { stored: 0, commits: 0 };
		return {
			upgrade: handleUpgrade,
			extra: () => {
				const walMaxMiB = Number((walMaxBytes / 1048576).toFixed(1));
				if (!ctx.sync) return { walMaxMiB };
				const s = syncServerFor(ctx).stats();
				return { ...s, stored: s.stored - from.stored, commits: (s.commits ?? 0) - from.commits, walMaxMiB };
			},
			phase: () => {
				if (!ctx.sync) return;
				const sync = syncServerFor(ctx);
				const s = sync.stats();
				from = { stored: s.stored, commits: s.commits ?? 0 };
				sync.resetLatencies();
			}
		};
	}
	const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
	if (variant === 'reference') {
		const ref = (await import('@y/websocket-server/utils')) as unknown as {
			setupWSConnection: (ws: WebSocket, req: IncomingMessage) => void;
			docs: Map<string, unknown>;
		};
		return {
			upgrade: (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => ref.setupWSConnection(ws, req)),
			extra: () => ({ docsLoaded: ref.docs.size })
		};
	}
	const rooms = new Map<string, Set<WebSocket>>();
	let framesIn = 0;
	let framesOut = 0;
	const rebroadcast = (ws: WebSocket, peers: Set<WebSocket>, data: Buffer, isBinary: boolean) => {
		for (const p of peers)
			if (p !== ws) {
				framesOut++;
				p.send(data, { binary: isBinary });
			}
	};
	const relay = variant === 'plain-durable' ? durably(rebroadcast) : rebroadcast;
	return {
		upgrade: (req, socket, head) =>
			wss.handleUpgrade(req, socket, head, (ws) => {
				const room = (req.url ?? '').split('?')[0] ?? '';
				const peers = rooms.get(room) ?? new Set<WebSocket>();
				rooms.set(room, peers.add(ws));
				ws.on('error', () => {});
				ws.on('message', (data: Buffer, isBinary: boolean) => {
					framesIn++;
					relay(ws, peers, data, isBinary);
				});
				ws.on('close', () => {
					peers.delete(ws);
					if (peers.size === 0) rooms.delete(room);
				});
			}),
		extra: () => ({ docsLoaded: rooms.size, framesIn, framesOut })
	};
}

/**
 * Group commit to a log file: the frames of one event-loop turn are written together, synced
 * (one sync at a time; those that arrive meanwhile form the next batch) and only then relayed.
 */
function durably<A extends [WebSocket, Set<WebSocket>, Buffer, boolean]>(relay: (...args: A) => void) {
	const SIZE = 64 * 1024 * 1024;
	const dir = mkdtempSync(join(tmpdir(), 'civicloop-bench-log-'));
	const fd = openSync(join(dir, 'log'), 'w+');
	for (let at = 0; at < SIZE; at += 1024 * 1024) writeSync(fd, Buffer.alloc(1024 * 1024), 0, 1024 * 1024, at);
	fdatasyncSync(fd);
	process.once('exit', () => {
		closeSync(fd);
		rmSync(dir, { recursive: true, force: true });
	});
	let at = 0;
	let queue: A[] = [];
	let syncing = false;
	let scheduled: NodeJS.Immediate | null = null;
	const commit = () => {
		scheduled = null;
		if (syncing || queue.length === 0) return;
		const batch = queue;
		queue = [];
		const bytes = Buffer.concat(batch.map((m) => m[2]));
		if (at + bytes.length > SIZE) at = 0;
		writeSync(fd, bytes, 0, bytes.length, at);
		at += bytes.length;
		syncing = true;
		fdatasync(fd, (err) => {
			if (err) throw err;
			syncing = false;
			for (const m of batch) relay(...m);
			commit();
		});
	};
	return (...args: A) => {
		queue.push(args);
		if (!syncing) scheduled ??= setImmediate(commit);
	};
}

/**
 * For comparison only: the same engine with the update log on synchronous=NORMAL connections
 * (WAL: safe against a process crash, not against power loss): what the fsync costs. Wired like
 * for-context.ts.
 */
async function normalDurability(ctx: import('../src/lib/server/context').AppContext) {
	const { createDocService } = await import('../src/lib/server/docs/service');
	const { createContextAuth } = await import('../server/sync/context-auth');
	const { createRegistry, projectionsOf } = await import('../server/sync/registry');
	const { createSyncServer } = await import('../server/sync/server');
	const { openSqliteDocStore } = await import('../server/sync/sqlite-store');
	const docs = createDocService(ctx);
	return createSyncServer({
		store: openSqliteDocStore(ctx.database.path, { synchronous: 'NORMAL' }),
		auth: createContextAuth(ctx, docs),
		log: ctx.log,
		maxPayload: ctx.config.syncMaxPayload,
		unloadMs: ctx.config.syncUnloadMs,
		projections: projectionsOf(createRegistry(docs))
	});
}

/** The WAL file's largest size since the last `gc` line, sampled every 50 ms (ours only). */
let walMaxBytes = 0;
function watchWal(path: string) {
	setInterval(() => {
		try {
			walMaxBytes = Math.max(walMaxBytes, statSync(path).size);
		} catch {
			// not created yet
		}
	}, 50).unref();
}

const { upgrade, extra, phase } = await setup();
const server = createServer((_req, res) => {
	res.statusCode = 404;
	res.end();
});
server.on('upgrade', (req, socket, head) => {
	socket.on('error', () => socket.destroy());
	upgrade(req, socket, head);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + '\n'));

/** How late the event loop ran timers since the last `gc` line (the start of a measured phase), in ms. */
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
/** Garbage-collection pauses since the last `gc` line: how many, their total and the longest, in ms. */
let gcPauses = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMaxMs: 0 };
/** when the measured phase began: the collection a `gc` line forces is reported after it, and is not counted */
let phaseStart = 0;
new PerformanceObserver((list) => {
	for (const e of list.getEntries()) {
		if (e.startTime < phaseStart) continue;
		gcPauses.count++;
		gcPauses.totalMs += e.duration;
		gcPauses.maxMs = Math.max(gcPauses.maxMs, e.duration);
		if ((e.detail as { kind?: number } | undefined)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
			gcPauses.majorCount++;
			gcPauses.majorMaxMs = Math.max(gcPauses.majorMaxMs, e.duration);
		}
	}
}).observe({ entryTypes: ['gc'] });

createInterface({ input: process.stdin }).on('line', (line) => {
	if (line === 'gc') (globalThis as { gc?: () => void }).gc?.();
	const cpu = process.cpuUsage();
	const mem = process.memoryUsage();
	const loop = { loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6, gc: gcPauses };
	if (line === 'gc') {
		loopDelay.reset();
		gcPauses = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMaxMs: 0 };
		phaseStart = performance.now();
		phase?.();
		walMaxBytes = 0;
	}
	process.stdout.write(
		JSON.stringify({
			cpuMicros: cpu.user + cpu.system,
			rss: mem.rss,
			heapUsed: mem.heapUsed,
			arrayBuffers: mem.arrayBuffers,
			heapTotal: mem.heapTotal,
			...loop,
			...extra()
		}) + '\n'
	);
});
process.on('SIGTERM', () => process.exit(0));

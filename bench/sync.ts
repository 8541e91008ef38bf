/**
 * Sync benchmark: our engine vs @y/websocket-server (reference) vs a plain `ws` rebroadcaster
 * (the floor), same machine, same run; in the latency cases also the plain rebroadcaster relaying
 * only once each batch is synced to disk (`plain-durable`: the floor for a server that stores
 * before it relays, as ours does) and our engine without disk syncs (`ours-normal`: what they
 * cost it). Servers and clients run in separate processes.
 *
 *   node --import tsx bench/sync.ts          → bench/results/sync.json (+ a table on stdout)
 *   BENCH_SECONDS=5 node --import tsx bench/sync.ts   (shorter writing phase)
 *   BENCH_ONLY='50x10/(ours|plain)$' BENCH_RUNS=1 …   (some cases; the file keeps the others' last figures)
 *   BENCH_ONLY='join500/ours$' BENCH_RUNS=1 BENCH_PROF=/tmp/p BENCH_CLIENT_PROF=/tmp/c …   (one case, CPU profiles)
 *
 * Fan-out cases: the writers write for BENCH_WARM_SECONDS (2) first, from a cold server, reported
 * apart as `warmUp`; latencies, CPU and the server's commit figures are those of the BENCH_SECONDS
 * after. Memory per connection is the slope over five points as the receivers connect.
 *
 * Not part of `npm test`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import * as Y from 'yjs';
import { organizationRepo, userRepo } from '../src/lib/server/accounts/repository';
import { toActor } from '../src/lib/server/accounts/service';
import { newId } from '../src/lib/server/auth/tokens';
import { loadConfig } from '../src/lib/server/config';
import { createContext } from '../src/lib/server/context';
import { createDb } from '../src/lib/server/db/client';
import { docRepo } from '../src/lib/server/docs/repository';
import { openSqliteDocStore } from '../server/sync/sqlite-store';
import type { ClientCase } from './sync-clients';

const ROOT = resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
/** writing before each fan-out case's measured phase (reported apart as `warmUp`) */
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 2);
type Variant = 'plain' | 'plain-durable' | 'reference' | 'ours' | 'ours-normal';

interface Proc {
	proc: ChildProcess;
	next(): Promise<Record<string, unknown>>;
	send(line: string): void;
	stop(): Promise<void>;
}

function start(script: string, args: string[], env: Record<string, string>, nodeFlags: string[] = []): Proc {
	// BENCH_CLIENT_PROF=<dir>: a CPU profile of the client process too (BENCH_PROF is the server's)
	const clientProf = script.endsWith('sync-clients.ts') && process.env.BENCH_CLIENT_PROF;
	if (clientProf) nodeFlags = [...nodeFlags, '--cpu-prof', `--cpu-prof-dir=${clientProf}`];
	const proc = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['pipe', 'pipe', 'inherit']
	});
	const rl: Interface = createInterface({ input: proc.stdout! });
	const queue: Record<string, unknown>[] = [];
	const waiting: ((v: Record<string, unknown>) => void)[] = [];
	rl.on('line', (l) => {
		const v = JSON.parse(l) as Record<string, unknown>;
		const w = waiting.shift();
		if (w) w(v);
		else queue.push(v);
	});
	const exited = new Promise<void>((ok) => proc.once('exit', () => ok()));
	return {
		proc,
		next: () => new Promise((ok) => (queue.length ? ok(queue.shift()!) : waiting.push(ok))),
		send: (line) => proc.stdin!.write(line + '\n'),
		stop: async () => {
			if (proc.exitCode === null) proc.kill('SIGTERM');
			await exited;
		}
	};
}

/** A document of 100,000 map entries written as 100 client updates; later edits to `doc` add to `updates`. */
function largeDoc(): { doc: Y.Doc; updates: Uint8Array[] } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	for (let b = 0; b < 100; b++)
		doc.transact(() => {
			for (let i = 0; i < 1000; i++) doc.getMap('m').set(`k${b * 1000 + i}`, i);
		});
	return { doc, updates };
}

/** A data directory with one editor, its API token, and the documents named. */
function prepareOurs(docs: string[], big: string[] = []): { dir: string; token: string } {
	const dir = mkdtempSync(join(tmpdir(), 'civicloop-bench-'));
	const ctx = createContext(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }));
	const org = newId();
	organizationRepo.insert(ctx.database.db, { id: org, name: 'Bench', slug: `bench-${org.slice(0, 6)}`, timeZone: 'UTC' });
	const user = {
		id: newId(),
		organizationId: org,
		email: `${newId()}@bench.gov`,
		name: 'Bench',
		role: 'analyst' as const,
		passwordHash: 'x'
	};
	userRepo.insert(ctx.database.db, user);
	const { token } = ctx.accounts.createApiToken(toActor({ ...user, disabledAt: null, createdAt: new Date() }), { name: 'bench' });
	ctx.database.tx((t) => {
		for (const name of [...docs, ...big]) docRepo.insert(t, { name, organizationId: org, kind: 'questionnaire', title: name });
	});
	const path = ctx.database.path;
	void ctx.close();
	if (big.length) {
		// 100,000 map entries written as 100 client updates, then compacted like the server does
		const { updates } = largeDoc();
		const store = openSqliteDocStore(path);
		for (const name of big) {
			store.appendBatch(updates.map((update) => ({ name, update })));
			store.compact(name);
		}
		store.close();
	}
	return { dir, token };
}

async function withServer<T>(
	variant: Variant,
	docs: string[],
	fn: (s: Proc, base: string, query: string) => Promise<T>,
	big: string[] = []
): Promise<T> {
	const prepared = variant.startsWith('ours') ? prepareOurs(docs, big) : { dir: '', token: 'none' };
	const server = start('bench/sync-server.ts', [variant], { DATA_DIR: prepared.dir, SYNC_UNLOAD_MS: '200' }, [
		'--expose-gc',
		// BENCH_SERVER_FLAGS='--trace-gc …': more node flags for the server process
		...(process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? []),
		...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [])
	]);
	const { port } = (await server.next()) as { port: number };
	try {
		return await fn(server, `ws://127.0.0.1:${port}/sync`, `?token=${prepared.token}`);
	} finally {
		await server.stop();
		if (prepared.dir) rmSync(prepared.dir, { recursive: true, force: true });
	}
}

interface Latencies {
	updates: number;
	deliveries: number;
	expected: number;
	p50: number;
	p95: number;
	p99: number;
	clientCpuPct: number;
}

type MemoryStep = Record<'receivers' | 'rss' | 'heapUsed' | 'arrayBuffers' | 'heapTotal', number>;

/** The least-squares slope of `key` over the receivers connected, in KiB per connection. */
function perConnKiB(steps: MemoryStep[], key: Exclude<keyof MemoryStep, 'receivers'>): number {
	const n = steps.length;
	const mx = steps.reduce((a, p) => a + p.receivers, 0) / n;
	const my = steps.reduce((a, p) => a + p[key], 0) / n;
	let num = 0;
	let den = 0;
	for (const p of steps) {
		num += (p.receivers - mx) * (p[key] - my);
		den += (p.receivers - mx) ** 2;
	}
	return den > 0 ? num / den / 1024 : NaN;
}

const stats = async (s: Proc, gc = false) => {
	s.send(gc ? 'gc' : 'stats');
	return (await s.next()) as {
		cpuMicros: number;
		rss: number;
		heapUsed: number;
		arrayBuffers: number;
		heapTotal: number;
		docsLoaded?: number;
		gc?: { count: number; totalMs: number; maxMs: number };
		loopDelayP99Ms: number;
		loopDelayMaxMs: number;
	};
};

async function fanout(variant: Variant, docCount: number, perDoc: number) {
	const docs = Array.from({ length: docCount }, (_, i) => `questionnaire:bench-${i}`);
	return withServer(variant, docs, async (server, base, query) => {
		const c: ClientCase = {
			kind: 'fanout',
			base,
			query,
			docs,
			perDoc,
			stock: 2,
			seconds: SECONDS,
			warmSeconds: WARM_SECONDS,
			intervalMs: 20,
			protocol: !variant.startsWith('plain')
		};
		const clients = start('bench/sync-clients.ts', [JSON.stringify(c)], {});
		// memory at each step of the receivers connecting (after a forced collection)
		const steps: MemoryStep[] = [];
		for (let m = await clients.next(); m.event === 'step'; m = await clients.next()) {
			const s = await stats(server, true);
			steps.push({
				receivers: m.receivers as number,
				rss: s.rss,
				heapUsed: s.heapUsed,
				arrayBuffers: s.arrayBuffers,
				heapTotal: s.heapTotal
			});
			clients.send('more');
		}
		let warm: Latencies | null = null;
		if (WARM_SECONDS > 0) {
			clients.send('go');
			warm = (await clients.next()) as unknown as Latencies;
		}
		const measuredFrom = await stats(server, true); // its forced collection before the writers start again
		clients.send('go');
		const r = (await clients.next()) as unknown as Latencies;
		const after = await stats(server);
		clients.send('close');
		await clients.next();
		await clients.stop();
		let left = await stats(server);
		for (let i = 0; i < 100 && (left.docsLoaded ?? 0) > 0 && variant !== 'reference'; i++)
			left = await new Promise((ok) => setTimeout(() => void stats(server).then(ok), 50));
		return {
			...r,
			cpuMicrosPerDelivery: (after.cpuMicros - measuredFrom.cpuMicros) / Math.max(1, r.deliveries),
			// per connection: the least-squares slope of each over the receivers connected, in KiB
			rssPerConnKiB: perConnKiB(steps, 'rss'),
			heapPerConnKiB: perConnKiB(steps, 'heapUsed'),
			// memory of Buffers and ArrayBuffers (outside the heap, inside the RSS)
			arrayBuffersPerConnKiB: perConnKiB(steps, 'arrayBuffers'),
			// the heap V8 has reserved: with the two above, what of the RSS is not the heap or Buffers
			heapTotalPerConnKiB: perConnKiB(steps, 'heapTotal'),
			// the points of those slopes: receivers connected, RSS and heap in KiB
			memorySteps: steps.map((p) => [p.receivers, Math.round(p.rss / 1024), Math.round(p.heapUsed / 1024)]),
			// the writing phase before, from a cold server, not counted above
			...(warm ? { warmUp: { seconds: WARM_SECONDS, p50: warm.p50, p95: warm.p95, p99: warm.p99, deliveries: warm.deliveries } } : {}),
			docsLeftLoaded: left.docsLoaded ?? 0,
			// the server's event loop while the writers wrote (timers run late by this much)
			serverLoopDelayP99Ms: after.loopDelayP99Ms,
			serverLoopDelayMaxMs: after.loopDelayMaxMs,
			// its garbage-collection pauses in that time
			serverGc: after.gc,
			heapMiB: Math.round(after.heapUsed / 1048576),
			...('commits' in after ? { updatesPerCommit: Number((after as { stored?: number }).stored) / Number(after.commits) } : {}),
			...('commitMs' in after ? { commitMs: after.commitMs } : {}),
			...('storedMs' in after ? { storedMs: after.storedMs } : {}),
			// the WAL file's largest size while the writers wrote (the checkpointer keeps it from growing without end)
			...('walMaxMiB' in after ? { walMaxMiB: after.walMaxMiB } : {})
		};
	});
}

async function join500(variant: Variant) {
	return withServer(variant, ['questionnaire:join'], async (_s, base, query) => {
		const clients = start(
			'bench/sync-clients.ts',
			[JSON.stringify({ kind: 'join', base, query, doc: 'questionnaire:join', clients: 500 } satisfies ClientCase)],
			{}
		);
		const r = await clients.next();
		clients.send('close');
		await clients.next();
		await clients.stop();
		return r;
	});
}

/**
 * First sync of a cold 100,000-entry document: as the server answers it (a light client), by a
 * stock provider in a fresh process and in one whose Yjs code has run before; and the client's
 * floor: fresh processes (three, one after another) only applying the whole document, which a
 * stock provider in a page just opened must do whatever the server: `freshApplyMs` to a bare
 * Y.Doc, `freshApplyListenedMs` to one with an `update` listener, as the provider's.
 */
async function coldFirstSync() {
	const dir = mkdtempSync(join(tmpdir(), 'civicloop-bench-cold-'));
	const wholeFile = join(dir, 'whole.bin');
	try {
		const r = await withServer(
			'ours',
			[],
			async (_s, base, query) => {
				const clients = start(
					'bench/sync-clients.ts',
					[
						JSON.stringify({
							kind: 'cold',
							base,
							query,
							light: 'questionnaire:big-a',
							stock: 'questionnaire:big-b',
							warm: 'questionnaire:big-c',
							wholeFile
						} satisfies ClientCase)
					],
					{}
				);
				const answer = await clients.next();
				clients.send('close');
				await clients.stop();
				return answer;
			},
			['questionnaire:big-a', 'questionnaire:big-b', 'questionnaire:big-c']
		);
		const freshApply = async (mode: string) => {
			const ms: number[] = [];
			for (let i = 0; i < 3; i++) {
				const apply = start('bench/sync-apply.ts', [wholeFile, mode], {});
				ms.push((await apply.next()).ms as number);
				await apply.stop();
			}
			return ms;
		};
		return { ...r, freshApplyMs: await freshApply('bare'), freshApplyListenedMs: await freshApply('listen') };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Compaction of a 100,000-entry document after 500 more edits, on the compaction thread: the
 * first merges from what is stored (the thread has not merged it before), the next ones from the
 * document the thread kept. No server: the store alone.
 */
async function compactLarge() {
	const dir = mkdtempSync(join(tmpdir(), 'civicloop-bench-compact-'));
	const path = join(dir, 'bench.db');
	createDb(path).close(); // the migrations
	const store = openSqliteDocStore(path);
	try {
		const name = 'questionnaire:big';
		const { doc, updates: batch } = largeDoc();
		store.appendBatch(batch.splice(0).map((update) => ({ name, update })));
		store.compact(name);
		const rounds: number[] = [];
		for (let round = 0; round < 4; round++) {
			for (let i = 0; i < 500; i++) doc.getMap('m').set(`k${((round * 500 + i) * 37) % 100_000}`, -i);
			store.appendBatch(batch.splice(0).map((update) => ({ name, update })));
			const t0 = performance.now();
			await new Promise((ok, ko) => store.compactAsync!(name, (err, snap) => (err ? ko(err) : ok(snap))));
			rounds.push(performance.now() - t0);
		}
		return { fromStoredMs: rounds[0], fromKeptMs: rounds.slice(1), snapshotBytes: store.stats(name).snapshotBytes };
	} finally {
		await store.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

async function reconnect(variant: Variant) {
	return withServer(variant, ['questionnaire:offline'], async (_s, base, query) => {
		const clients = start(
			'bench/sync-clients.ts',
			[JSON.stringify({ kind: 'reconnect', base, query, doc: 'questionnaire:offline', offline: 5000 } satisfies ClientCase)],
			{}
		);
		const r = await clients.next();
		clients.send('close');
		await clients.stop();
		return r;
	});
}

/**
 * 10,000 documents opened (200 at a time), synced and closed: documents still loaded once the
 * unload delay (200 ms here) has passed, and the server's heap after a full GC before and after.
 */
async function manyDocs() {
	const count = 10_000;
	const prefix = 'questionnaire:many-';
	const docs = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
	return withServer('ours', docs, async (server, base, query) => {
		const open = async (n: number) => {
			const c = start(
				'bench/sync-clients.ts',
				[JSON.stringify({ kind: 'many', base, query, prefix, count: n, concurrency: 200 } satisfies ClientCase)],
				{}
			);
			const r = (await c.next()) as { ok: boolean; failed: number; ms: number };
			c.send('close');
			await c.next();
			await c.stop();
			return r;
		};
		const unloaded = async () => {
			let s = await stats(server);
			for (let i = 0; i < 200 && (s.docsLoaded ?? 0) > 0; i++)
				s = await new Promise((ok) => setTimeout(() => void stats(server).then(ok), 50));
			return s.docsLoaded ?? 0;
		};
		await open(1); // the engine exists and its code has run
		await unloaded();
		const before = await stats(server, true);
		const r = await open(count);
		const left = await unloaded();
		const after = await stats(server, true);
		const mib = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
		return {
			ok: r.ok,
			failed: r.failed,
			opened: count,
			ms: r.ms,
			docsLeftLoaded: left,
			heapBeforeMiB: mib(before.heapUsed),
			heapAfterMiB: mib(after.heapUsed),
			rssBeforeMiB: mib(before.rss),
			rssAfterMiB: mib(after.rss)
		};
	});
}

const results: Record<string, unknown[]> = {};
const ONLY = new RegExp(process.env.BENCH_ONLY ?? '.');
const want = (key: string) => ONLY.test(key);
const record = (key: string, value: unknown) => {
	(results[key] ??= []).push(value);
	console.log(key, JSON.stringify(value));
};
const started = Date.now();
for (let run = 1; run <= RUNS; run++) {
	for (const [label, docs, perDoc] of [
		['1doc-100', 1, 100],
		['1doc-500', 1, 500],
		['1doc-1000', 1, 1000],
		['50x10', 50, 10]
	] as const)
		for (const v of ['plain', 'plain-durable', 'reference', 'ours', 'ours-normal'] as const) {
			// the durability comparisons (the floor with a disk sync, ours without) only where latency is the question
			if ((v === 'ours-normal' || v === 'plain-durable') && !['1doc-100', '50x10'].includes(label)) continue;
			if (want(`${label}/${v}`)) record(`${label}/${v}`, { run, ...(await fanout(v, docs, perDoc)) });
		}
	for (const v of ['reference', 'ours'] as const) if (want(`join500/${v}`)) record(`join500/${v}`, { run, ...(await join500(v)) });
	if (want('cold100k/ours')) record('cold100k/ours', { run, ...(await coldFirstSync()) });
	if (want('compact100k/ours')) record('compact100k/ours', { run, ...(await compactLarge()) });
	for (const v of ['reference', 'ours'] as const)
		if (want(`reconnect5000/${v}`)) record(`reconnect5000/${v}`, { run, ...(await reconnect(v)) });
	if (want('docs10k/ours')) record('docs10k/ours', { run, ...(await manyDocs()) });
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const meta = {
	date: new Date().toISOString(),
	seconds: SECONDS,
	runs: RUNS,
	node: process.version,
	totalSeconds: Math.round((Date.now() - started) / 1000)
};
// A partial run (BENCH_ONLY) replaces the cases it ran and keeps the others' last figures.
const file = join(ROOT, 'bench/results/sync.json');
const kept: Record<string, unknown> =
	process.env.BENCH_ONLY && existsSync(file)
		? (JSON.parse(readFileSync(file, 'utf8')) as { results: Record<string, unknown> }).results
		: {};
writeFileSync(
	file,
	JSON.stringify(
		{ meta: { ...meta, ...(process.env.BENCH_ONLY ? { partialRun: Object.keys(results) } : {}) }, results: { ...kept, ...results } },
		null,
		'\t'
	) + '\n'
);
console.log(`done in ${meta.totalSeconds} s → bench/results/sync.json`);

/**
 * The production process: one HTTP server on one port serving the SvelteKit handler and the
 * `/sync/...` WebSocket upgrades. Start with `npm start` (builds first when needed).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../src/lib/server/config';
import { createContext, setContext, type AppContext } from '../src/lib/server/context';
import { DataDirError } from '../src/lib/server/db/client';
import { seedDemo } from '../src/lib/server/demo/seed';
import { createIntakeFastPath } from '../src/lib/server/surveys/intake-fast';
import { createLogger } from '../src/lib/server/log';
import { handleUpgrade } from '../src/lib/server/sync-upgrade';
import { readEnv } from './env';
import { syncServerFor } from './sync/for-context';

type Handler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

// The handler works out the request's protocol from this header, which we always set ourselves
// from the socket (or from X-Forwarded-Proto when TRUST_PROXY is on): never trusted from clients.
const PROTO_HEADER = 'x-civicloop-proto';

function fail(message: string): never {
	process.stderr.write(`civicloop: ${message}\n`);
	process.exit(1);
}

async function loadHandler(buildDir: string): Promise<{ handler: Handler; version: string }> {
	const file = resolve(buildDir, 'handler.js');
	if (!existsSync(file)) fail(`no build found at ${file}; run "npm run build" (npm start does this for you)`);
	// Imported through a variable path so type-checking does not follow it (STACK.md pitfall 7).
	let mod: { handler: Handler };
	try {
		mod = (await import(pathToFileURL(file).href)) as { handler: Handler };
	} catch (e) {
		fail(`the build at ${buildDir} cannot be loaded: ${(e as Error).message}`);
	}
	let version = 'unknown';
	try {
		version = (JSON.parse(readFileSync(resolve(buildDir, 'client/_app/version.json'), 'utf8')) as { version: string }).version;
	} catch {
		/* version file is optional */
	}
	return { handler: mod.handler, version };
}

export async function main(): Promise<void> {
	let config;
	try {
		config = readEnv();
	} catch (e) {
		if (e instanceof ConfigError) fail(e.message);
		throw e;
	}
	process.env.PROTOCOL_HEADER = PROTO_HEADER;
	// Field progress logs carry up to five photos of 8 MiB and survey imports large CSV files, so
	// the body limit is raised from adapter-node's 512 KiB. JSON endpoints keep their own smaller
	// limit (readJson); each upload handler checks its own size and type.
	process.env.BODY_SIZE_LIMIT ??= '64M';
	// adapter-node reads ORIGIN itself and wants one URL: give it the canonical (first) origin.
	if (config.origins[0]) process.env.ORIGIN = config.origins[0];
	else delete process.env.ORIGIN;
	if (config.trustProxy) {
		process.env.HOST_HEADER ??= 'x-forwarded-host';
		process.env.ADDRESS_HEADER ??= 'x-forwarded-for';
		process.env.XFF_DEPTH ??= '1';
	}
	const log = createLogger(config.logLevel);
	const buildDir = resolve(process.env.CIVICLOOP_BUILD_DIR ?? 'build');
	const { handler, version } = await loadHandler(buildDir);

	let ctx: AppContext;
	try {
		ctx = createContext(config, { version, log });
	} catch (e) {
		if (e instanceof DataDirError) fail(e.message);
		throw e;
	}
	setContext(ctx);
	// Start the sync engine with the process, so /healthz reports documents and connections from the start.
	syncServerFor(ctx);
	if (config.demo) {
		const seeded = await seedDemo(ctx);
		printDemo(config.demoPassword, seeded);
	}

	// Survey responses are answered before the SvelteKit handler, by the same functions (see
	// intake-fast.ts); CIVICLOOP_INTAKE_FAST_PATH=off sends them through SvelteKit like the rest.
	const intakeFast = process.env.CIVICLOOP_INTAKE_FAST_PATH === 'off' ? null : createIntakeFastPath(() => ctx);
	if (intakeFast) ctx.metrics.intakeFastPath = intakeFast.served;

	const server = createServer((req, res) => {
		const fromProxy = config.trustProxy
			? String(req.headers['x-forwarded-proto'] ?? '')
					.split(',')[0]
					?.trim()
			: '';
		const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
		req.headers[PROTO_HEADER] = fromProxy === 'https' || fromProxy === 'http' ? fromProxy : encrypted ? 'https' : 'http';
		if (intakeFast?.handle(req, res)) return;
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});
	server.on('upgrade', (req, socket, head) => {
		socket.on('error', () => socket.destroy());
		const path = (req.url ?? '').split('?')[0] ?? '';
		if (path === '/sync' || path.startsWith('/sync/')) handleUpgrade(req, socket, head);
		else socket.destroy();
	});
	server.on('clientError', (_err, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
		else socket.destroy();
	});

	await new Promise<void>((ok, ko) => {
		server.once('error', ko);
		server.listen(config.port, config.host, () => ok());
	}).catch((e: NodeJS.ErrnoException) => fail(`cannot listen on ${config.host}:${config.port}: ${e.code ?? e.message}`));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
	log.info({ port, url: `http://${shownHost}:${port}`, version, database: config.databaseFile, demo: config.demo }, 'listening');

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info({ signal }, 'shutting down');
		const force = setTimeout(() => process.exit(1), 10_000);
		force.unref();
		server.close();
		server.closeIdleConnections();
		await ctx.close();
		server.closeAllConnections();
		log.info('stopped');
		process.exit(0);
	};
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));
}

function printDemo(password: string, seeded: { created: boolean; accounts: { email: string; role: string }[] }) {
	const lines = [
		'',
		`  CivicLoop demo — Example City${seeded.created ? ' (seeded just now)' : ''}`,
		`  Password for every account: ${password}`,
		...seeded.accounts.map((a) => `    ${a.role.padEnd(8)} ${a.email}`),
		''
	];
	process.stdout.write(lines.join('\n') + '\n');
}

await main();

/**
 * Starts the real production process (`server/index.ts` over the built app) on port 0 with a
 * fresh data directory, and stops it. Integration and e2e tests use this; nothing is mocked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface RunningServer {
	url: string;
	port: number;
	dataDir: string;
	proc: ChildProcess;
	logs: Record<string, unknown>[];
	stderr: string[];
	/** SIGTERM and wait for exit; resolves with the exit code. */
	stop(signal?: NodeJS.Signals): Promise<number | null>;
	/** Stops and removes the data directory. */
	dispose(): Promise<void>;
}

export function assertBuilt(): void {
	if (!existsSync(join(ROOT, 'build/handler.js'))) throw new Error('No build: run `npm run build` first (npm test does).');
}

export function tempDataDir(prefix = 'civicloop-test-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

/** Starts `server/index.ts` as a child process; resolves once it logs "listening". */
export async function startServer(opts: { env?: Record<string, string>; dataDir?: string; port?: number } = {}): Promise<RunningServer> {
	assertBuilt();
	const dataDir = opts.dataDir ?? tempDataDir();
	const proc = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
		cwd: ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			PORT: String(opts.port ?? 0),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			LOG_LEVEL: 'info',
			ORIGIN: '',
			...opts.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const logs: Record<string, unknown>[] = [];
	const stderr: string[] = [];
	createInterface({ input: proc.stderr! }).on('line', (l) => stderr.push(l));
	const exited = new Promise<number | null>((ok) => proc.once('exit', (code) => ok(code)));
	const port = await new Promise<number>((ok, ko) => {
		createInterface({ input: proc.stdout! }).on('line', (line) => {
			try {
				const entry = JSON.parse(line) as Record<string, unknown>;
				logs.push(entry);
				if (entry.msg === 'listening') ok(entry.port as number);
			} catch {
				logs.push({ text: line });
			}
		});
		void exited.then((code) => ko(new Error(`server exited with ${code} before listening: ${stderr.join('\n')}`)));
	});
	const url = `http://127.0.0.1:${port}`;
	const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
		if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
		return exited;
	};
	return {
		url,
		port,
		dataDir,
		proc,
		logs,
		stderr,
		stop,
		async dispose() {
			await stop();
			if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** A minimal cookie-keeping HTTP client for integration tests (no browser). */
export class Client {
	cookies = new Map<string, string>();
	constructor(
		readonly base: string,
		readonly origin: string = base
	) {}

	get cookieHeader(): string {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	async request(path: string, init: RequestInit & { origin?: string | null } = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		if (this.cookies.size) headers.set('cookie', this.cookieHeader);
		const origin = init.origin === undefined ? this.origin : init.origin;
		if (origin && init.method && init.method !== 'GET') headers.set('origin', origin);
		const res = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
		for (const c of res.headers.getSetCookie()) {
			const [pair = ''] = c.split(';');
			const i = pair.indexOf('=');
			const name = pair.slice(0, i);
			const value = pair.slice(i + 1);
			if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
		return res;
	}

	/** Submits a SvelteKit form action the way a browser without JavaScript does. */
	form(path: string, fields: Record<string, string>, init: { origin?: string | null } = {}): Promise<Response> {
		return this.request(path, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: new URLSearchParams(fields).toString(),
			...init
		});
	}

	json(path: string, method: string, body: unknown, init: { origin?: string | null; token?: string } = {}): Promise<Response> {
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		if (init.token) headers.authorization = `Bearer ${init.token}`;
		return this.request(path, { method, headers, body: JSON.stringify(body), origin: init.origin });
	}
}

export const ADMIN = {
	organizationName: 'Test City',
	timeZone: 'America/Chicago',
	name: 'Ada Admin',
	email: 'ada@test.gov',
	password: 'correct horse battery'
};

/** Runs the first-run setup form; returns the signed-in admin client. */
export async function setupOrganization(server: RunningServer, fields: Partial<typeof ADMIN> = {}): Promise<Client> {
	const c = new Client(server.url);
	const res = await c.form('/setup', { ...ADMIN, ...fields });
	if (res.status !== 303) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
	return c;
}

/** Signs in through the login form; returns the client (throws on failure). */
export async function signIn(server: RunningServer, email: string, password: string): Promise<Client> {
	const c = new Client(server.url);
	const res = await c.form('/login', { email, password });
	if (res.status !== 303) throw new Error(`sign-in failed for ${email}: ${res.status}`);
	return c;
}

/** Invites `email` as `role` (as admin `admin`) and accepts; returns the new member's client. */
export async function addMember(
	server: RunningServer,
	admin: Client,
	email: string,
	role: string,
	password = 'member password 1'
): Promise<Client> {
	const inv = await admin.json('/api/v1/members', 'POST', { email, role });
	if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${await inv.text()}`);
	const { url } = (await inv.json()) as { url: string };
	const c = new Client(server.url);
	const res = await c.form(new URL(url).pathname, { name: email.split('@')[0] ?? 'member', password });
	if (res.status !== 303) throw new Error(`accept failed: ${res.status}`);
	return c;
}

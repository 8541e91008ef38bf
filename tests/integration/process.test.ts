/** The production process: failing fast with a useful message, and stopping cleanly. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, assertBuilt, setupOrganization, startServer, tempDataDir } from '../helpers/server';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function runServer(env: Record<string, string>) {
	assertBuilt();
	return spawnSync(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
		cwd: ROOT,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
		encoding: 'utf8',
		timeout: 30_000
	});
}

describe('startup failures', () => {
	it('stops with a message naming DATA_DIR when it is a file, without a stack trace', () => {
		const dir = tempDataDir();
		dirs.push(dir);
		const file = join(dir, 'not-a-dir');
		writeFileSync(file, 'x');
		const r = runServer({ DATA_DIR: file });
		expect(r.status).toBe(1);
		expect(r.stderr).toContain(`DATA_DIR ${file} is not a directory`);
		expect(r.stderr).not.toMatch(/\n\s+at /);
	});

	it('stops with a message naming the database file when it is corrupt', () => {
		const dir = tempDataDir();
		dirs.push(dir);
		writeFileSync(join(dir, 'civicloop.db'), Buffer.alloc(8192, 7));
		const r = runServer({ DATA_DIR: dir });
		expect(r.status).toBe(1);
		expect(r.stderr).toContain(join(dir, 'civicloop.db'));
		expect(r.stderr).not.toMatch(/\n\s+at /);
	});

	it('stops with a message naming a bad variable', () => {
		const r = runServer({ PORT: 'eighty', DATA_DIR: tempDataDir() });
		expect(r.status).toBe(1);
		expect(r.stderr).toMatch(/civicloop: PORT: /);
	});

	it('creates a missing data directory', async () => {
		const parent = tempDataDir();
		dirs.push(parent);
		const nested = join(parent, 'a', 'b');
		const server = await startServer({ dataDir: nested });
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		await server.stop();
		mkdirSync(nested, { recursive: true });
	});
});

describe('shutdown', () => {
	it('exits 0 on SIGTERM and keeps what was written', async () => {
		const dir = tempDataDir();
		dirs.push(dir);
		const first = await startServer({ dataDir: dir });
		await setupOrganization(first);
		expect(await first.stop('SIGTERM')).toBe(0);
		expect(first.logs.some((l) => l.msg === 'stopped')).toBe(true);
		const second = await startServer({ dataDir: dir });
		const res = await fetch(`${second.url}/`, { redirect: 'manual' });
		expect(res.headers.get('location')).toBe('/login'); // set up already: the data survived
		await second.stop();
	});

	it('never writes tokens or passwords to the log', async () => {
		const server = await startServer();
		const admin = await setupOrganization(server);
		await admin.form('/login', { email: 'ada@test.gov', password: 'wrong password here' });
		const token = admin.cookies.get('civicloop_session')!;
		await server.dispose();
		const all = JSON.stringify(server.logs) + server.stderr.join('\n');
		expect(all).not.toContain(token);
		expect(all).not.toContain('correct horse battery');
		expect(all).not.toContain('wrong password here');
	});

	it('refuses WebSocket upgrades on paths other than /sync', async () => {
		const server = await startServer();
		const { WebSocket } = await import('ws');
		const code = await new Promise<string>((ok) => {
			const ws = new WebSocket(`${server.url.replace('http', 'ws')}/elsewhere`);
			ws.on('error', (e) => ok(e.message));
			ws.on('open', () => ok('open'));
		});
		expect(code).not.toBe('open');
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200); // the process is fine
		await server.dispose();
	});
});

describe('health', () => {
	it('reports the sync engine’s loaded documents and connections from the start', async () => {
		const server = await startServer();
		const health = (await (await fetch(`${server.url}/healthz`)).json()) as Record<string, unknown>;
		expect(health).toMatchObject({ status: 'ok', syncDocsLoaded: 0, syncConnections: 0, walBytes: expect.any(Number), walHolds: 0 });
		await server.dispose();
	});
});

/**
 * A sync server in its own process, for crash tests and the benchmark: the app context on
 * DATA_DIR and the production upgrade glue on a `node:http` server. Prints `{"port": N}` once
 * listening. SIGTERM closes cleanly (flush, 1012, database); SIGKILL is the crash under test.
 *
 *   DATA_DIR=/tmp/x node --import tsx tests/helpers/sync-server-main.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/lib/server/config';
import { createContext, setContext } from '../../src/lib/server/context';
import { handleUpgrade } from '../../src/lib/server/sync-upgrade';

const ctx = createContext(loadConfig({ LOG_LEVEL: 'silent', ...process.env }));
setContext(ctx);
const server = createServer((_req, res) => {
	res.statusCode = 404;
	res.end();
});
server.on('upgrade', (req, socket, head) => {
	socket.on('error', () => socket.destroy());
	if ((req.url ?? '').startsWith('/sync')) handleUpgrade(req, socket, head);
	else socket.destroy();
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
	process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port, pid: process.pid }) + '\n');
});
process.on('SIGTERM', () => {
	void ctx.close().then(() => process.exit(0));
});

/**
 * The floor for the intake benchmark: a bare node:http server doing one JSON parse and one
 * INSERT (autocommit) per request on SQLite in WAL mode, with `synchronous` from argv (NORMAL or
 * FULL). Prints the port on stdout. Run by bench/intake.ts in a child process.
 */
import Database from 'better-sqlite3';
import { createServer } from 'node:http';
import { join } from 'node:path';

const [dir = '.', sync = 'FULL'] = process.argv.slice(2);
const db = new Database(join(dir, `floor-${sync}.db`));
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${sync}`);
db.exec('CREATE TABLE IF NOT EXISTS r (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, answers TEXT NOT NULL, at INTEGER NOT NULL)');
const insert = db.prepare('INSERT INTO r (uuid, answers, at) VALUES (?, ?, ?)');

const server = createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (c: Buffer) => chunks.push(c));
	req.on('end', () => {
		try {
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { uuid: string; answers: unknown };
			insert.run(body.uuid, JSON.stringify(body.answers), Date.now());
			res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
		} catch {
			res.writeHead(400).end();
		}
	});
});
server.listen(0, '127.0.0.1', () => {
	const a = server.address();
	process.stdout.write(`${typeof a === 'object' && a ? a.port : 0}\n`);
});
process.on('SIGTERM', () => {
	server.close();
	db.close();
	process.exit(0);
});

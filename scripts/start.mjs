#!/usr/bin/env node
// `npm start`: builds when the build is missing or older than the sources, then runs the server.
// `npm run demo` does the same with DEMO=1 (a separate, seeded demo database).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const stamp = join(root, 'build', 'handler.js');
const sources = ['src', 'static', 'drizzle', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'];

function newest(path) {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let max = st.mtimeMs;
	for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
	return max;
}

if (!args.has('--no-build')) {
	const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
	const changed = Math.max(...sources.map((s) => newest(join(root, s))));
	if (changed > built) {
		console.log(built ? 'Sources changed since the last build; building…' : 'No build yet; building…');
		const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
		if (r.status !== 0) process.exit(r.status ?? 1);
	}
}
if (args.has('--demo')) process.env.DEMO = '1';
process.chdir(root);
const { register } = await import('tsx/esm/api');
register();
await import('../server/index.ts');

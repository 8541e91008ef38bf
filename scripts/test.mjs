#!/usr/bin/env node
// `npm test`: the one local gate, the same as CI. Lint and type checks, a fresh build, then the
// unit, integration and end-to-end tiers. Ends with a "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules/.bin', name);
const only = process.argv.slice(2);
const started = Date.now();
const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];

function step(name, cmd, args, env = {}) {
	if (only.length && !only.includes(name)) return true;
	const t = Date.now();
	console.log(`\n▶ ${name}: ${[cmd, ...args].map((a) => a.replace(root + '/', '')).join(' ')}`);
	const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	timings.push(`${name} ${((Date.now() - t) / 1000).toFixed(1)} s`);
	return r.status === 0;
}

function vitest(project) {
	const out = join(root, '.svelte-kit', `vitest-${project}.json`);
	mkdirSync(join(root, '.svelte-kit'), { recursive: true });
	rmSync(out, { force: true });
	const ok = step(project, bin('vitest'), [
		'run',
		'--project',
		project,
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${out}`
	]);
	if (existsSync(out)) {
		const r = JSON.parse(readFileSync(out, 'utf8'));
		totals.passed += r.numPassedTests;
		totals.failed += r.numFailedTests;
		totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
	} else if (!ok) totals.failed++;
	return ok;
}

let ok = true;
ok = step('lint', 'npm', ['run', '--silent', 'lint']) && ok;
ok = step('check', 'npm', ['run', '--silent', 'check']) && ok;
ok = step('build', 'npm', ['run', '--silent', 'build']) && ok;
ok = vitest('unit') && ok;
if (existsSync(join(root, 'build/handler.js'))) {
	ok = vitest('integration') && ok;
	ok = vitest('e2e') && ok;
} else {
	console.error('No build: integration and end-to-end tests cannot run.');
	ok = false;
}
console.log(`\n${timings.join(' · ')} · total ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(ok && totals.failed === 0 ? 0 : 1);

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnalyzeArgs, runAnalyze, type CliIo } from './analyze';
import { runCli } from './main';

/** In-memory CliIo capturing output. */
function memoryIo(files: Record<string, string>) {
	const out = { stdout: '', stderr: '', written: {} as Record<string, string> };
	const io: CliIo = {
		readFile: async (path) => {
			const f = files[path];
			if (f === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
			return f;
		},
		writeFile: async (path, data) => {
			if (path.startsWith('/readonly/')) throw new Error('EACCES: permission denied');
			out.written[path] = data;
		},
		stdout: (t) => void (out.stdout += t),
		stderr: (t) => void (out.stderr += t)
	};
	return { io, out };
}

const MARGINS = JSON.stringify({ age: { '18-34': 0.34, '35-54': 0.33, '55+': 0.33 }, district: { D1: 0.5, D2: 0.5 } });
// Quoted header, CRLF, a quoted comment with a comma, a missing answer.
const RESPONSES = [
	'"respondent_id","age","district","q1","comment","q2"',
	'r1,18-34,D1,5,"good, thanks",1',
	'r2,35-54,D2,4,ok,5',
	'r3,55+,D1,2,,4',
	'r4,18-34,D2,,"",2'
].join('\r\n');

async function run(argv: string[], files: Record<string, string> = { 'r.csv': RESPONSES, 'm.json': MARGINS }) {
	const { io, out } = memoryIo(files);
	const code = await runAnalyze(argv, io);
	return { code, ...out };
}

const BASE = ['--responses', 'r.csv', '--margins', 'm.json'];

describe('civicloop analyze: happy path (hand-checked)', () => {
	// Raking by hand: the age step gives 18-34 (r1, r4) 1.36/2 = 0.68 each, 35-54 (r2) 1.32, 55+ (r3) 1.32;
	// district is then already balanced (D1 = 0.68 + 1.32 = 2 = D2), so weights are 0.68, 1.32, 1.32, 0.68.
	it('prints one JSON object per question in column order', async () => {
		const r = await run([...BASE, '--weights-out', 'w.csv']);
		expect(r.code).toBe(0);
		expect(r.stderr).toBe('r.csv: skipped non-numeric column "comment"\n');
		const rows = JSON.parse(r.stdout) as Array<Record<string, number | string>>;
		expect(rows.map((x) => x.question)).toEqual(['q1', 'q2']);
		// q1: answered r1..r3 (w 0.68, 1.32, 1.32; Σw = 3.32, Σw² = 3.9472), answers 5, 4, 2.
		const q1 = rows[0] ?? {};
		const deff1 = (3 * 3.9472) / 3.32 ** 2;
		expect(q1.n).toBe(3);
		expect(q1.mean).toBeCloseTo(11.32 / 3.32, 9);
		expect(q1.percent_positive).toBeCloseTo(2 / 3.32, 9);
		expect(q1.deff).toBeCloseTo(deff1, 9);
		expect(q1.moe95).toBeCloseTo(1.96 * Math.sqrt((deff1 * (2 / 3.32) * (1 - 2 / 3.32)) / 3), 9);
		// q2: all four answered (Σw = 4, Σw² = 2·0.4624 + 2·1.7424 = 4.4096), positive = r2, r3 → 2.64/4.
		const q2 = rows[1] ?? {};
		const deff2 = (4 * 4.4096) / 16;
		expect(q2.n).toBe(4);
		expect(q2.mean).toBeCloseTo((0.68 * 1 + 1.32 * 5 + 1.32 * 4 + 0.68 * 2) / 4, 9);
		expect(q2.percent_positive).toBeCloseTo(0.66, 9);
		expect(q2.deff).toBeCloseTo(deff2, 9);
		expect(q2.moe95).toBeCloseTo(1.96 * Math.sqrt((deff2 * 0.66 * 0.34) / 4), 9);
		const w = r.written['w.csv'] ?? '';
		const lines = w.trimEnd().split('\n');
		expect(lines[0]).toBe('respondent_id,weight');
		expect(lines.slice(1).map((l) => [l.split(',')[0], Number(l.split(',')[1])])).toEqual([
			['r1', expect.closeTo(0.68, 9)],
			['r2', expect.closeTo(1.32, 9)],
			['r3', expect.closeTo(1.32, 9)],
			['r4', expect.closeTo(0.68, 9)]
		]);
	});

	it('honours --positive and --name=value syntax', async () => {
		const r = await run(['--responses=r.csv', '--margins=m.json', '--positive', '1,2']);
		expect(r.code).toBe(0);
		const rows = JSON.parse(r.stdout) as Array<{ percent_positive: number }>;
		expect(rows[1]?.percent_positive).toBeCloseTo((0.68 + 0.68) / 4, 9);
	});

	it('keeps respondents with an empty margin cell and reports them', async () => {
		const csv = 'respondent_id,age,district,q\nr1,18-34,D1,5\nr2,35-54,,4\nr3,55+,D2,1\nr4,18-34,D2,2\n';
		const r = await run([...BASE, '--weights-out', 'w.csv'], { 'r.csv': csv, 'm.json': MARGINS });
		expect(r.code).toBe(0);
		expect(r.stderr).toContain('note: 1 respondent(s) have no "district" value');
		expect(r.written['w.csv']?.split('\n')).toHaveLength(6);
	});

	it('warns when raking does not converge', async () => {
		const csv = 'respondent_id,a,b,q\nr1,x,u,1\nr2,y,v,2\n';
		const margins = JSON.stringify({ a: { x: 0.5, y: 0.5 }, b: { u: 0.3, v: 0.7 } });
		const r = await run(BASE, { 'r.csv': csv, 'm.json': margins });
		expect(r.code).toBe(0);
		expect(r.stderr).toContain('warning: raking did not converge after 100 iterations');
	});
});

describe('civicloop analyze: bad data exits 1 naming the problem', () => {
	const cases: Array<[string, Record<string, string>, string]> = [
		[
			'unknown category',
			{ 'r.csv': 'respondent_id,age,district\nr1,18-34,D1\nr2,35-54,D2\nr3,55+,D1\nr4,18-34,D2\nr5,18-34,D2\nr6,17-,D1\n' },
			'r.csv: line 7: column "age": unknown category "17-" (expected one of 18-34, 35-54, 55+)'
		],
		[
			'shares not summing to 1',
			{ 'm.json': JSON.stringify({ age: { '18-34': 0.34, '35-54': 0.33, '55+': 0.31 }, district: { D1: 0.5, D2: 0.5 } }) },
			'm.json: "age" shares sum to 0.98, expected 1'
		],
		[
			'category with no respondents',
			{ 'r.csv': 'respondent_id,age,district\nr1,18-34,D1\nr2,35-54,D2\n' },
			'm.json: "age" category "55+" has a target share of 0.33 but no respondents in r.csv'
		],
		['missing margin column', { 'r.csv': 'respondent_id,age,q1\nr1,55+,1\n' }, 'r.csv: missing column "district" named in m.json'],
		['missing respondent_id', { 'r.csv': 'id,age,district\nr1,55+,D1\n' }, 'r.csv: missing column "respondent_id"'],
		[
			'duplicate respondent_id',
			{ 'r.csv': 'respondent_id,age,district\nr1,55+,D1\nr1,55+,D2\n' },
			'r.csv: line 3: duplicate respondent_id "r1" (first seen on line 2)'
		],
		['ragged row', { 'r.csv': 'respondent_id,age,district\nr1,55+,D1\nr2,55+\n' }, 'r.csv: line 3: expected 3 fields, found 2'],
		['unterminated quote', { 'r.csv': 'respondent_id,age,district\nr1,"55+,D1\n' }, 'r.csv: line 2: unterminated quoted field'],
		['invalid JSON', { 'm.json': '{"age": {' }, 'm.json: invalid JSON:'],
		['margins of the wrong shape', { 'm.json': '{"age": ["18-34"]}' }, 'm.json: "age" must map category labels to shares'],
		['empty responses file', { 'r.csv': '' }, 'r.csv: empty file (no header line)']
	];

	it.each(cases)('%s', async (_name, override, message) => {
		const r = await run(BASE, { 'r.csv': RESPONSES, 'm.json': MARGINS, ...override });
		expect(r.code).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).toContain(message);
	});

	it('unreadable file', async () => {
		const r = await run(BASE, { 'm.json': MARGINS });
		expect(r.code).toBe(1);
		expect(r.stderr).toContain("cannot read r.csv: ENOENT: no such file or directory, open 'r.csv'");
	});

	it('unwritable weights file', async () => {
		const r = await run([...BASE, '--weights-out', '/readonly/w.csv']);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('cannot write /readonly/w.csv: EACCES');
	});
});

describe('civicloop analyze: bad usage exits 2', () => {
	it.each([
		[[], 'missing required option "--responses"'],
		[['--responses', 'r.csv'], 'missing required option "--margins"'],
		[[...BASE, '--colour', 'red'], 'unknown option "--colour"'],
		[[...BASE, 'extra'], 'unexpected argument "extra"'],
		[['--responses'], 'option "--responses" needs a value'],
		[['--responses', '--margins', 'm.json'], 'option "--responses" needs a value'],
		[[...BASE, '--margins', 'x.json'], 'option "--margins" given twice'],
		[[...BASE, '--positive', '4,five'], '--positive expects numbers separated by commas, got "4,five"']
	])('%j', async (argv, message) => {
		const r = await run(argv);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain(message);
		expect(r.stderr).toContain('Usage: civicloop analyze');
	});

	it('--help prints the usage and exits 0', async () => {
		const r = await run(['--help']);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('Usage: civicloop analyze');
	});

	it('parses arguments', () => {
		expect(parseAnalyzeArgs([...BASE, '--positive', '9, 10', '--weights-out', 'w.csv'])).toEqual({
			responses: 'r.csv',
			margins: 'm.json',
			positive: [9, 10],
			weightsOut: 'w.csv'
		});
		expect(parseAnalyzeArgs(BASE)).toMatchObject({ positive: [4, 5], weightsOut: undefined });
	});
});

describe('runCli dispatch', () => {
	it('dispatches analyze, prints usage for unknown or missing commands (exit 2)', async () => {
		const a = memoryIo({});
		expect(await runCli(['frobnicate'], a.io)).toBe(2);
		expect(a.out.stderr).toContain('civicloop: unknown command "frobnicate"');
		expect(a.out.stderr).toContain('Usage: civicloop <command>');
		const b = memoryIo({});
		expect(await runCli([], b.io)).toBe(2);
		expect(b.out.stderr).toContain('missing command');
		const c = memoryIo({});
		expect(await runCli(['--help'], c.io)).toBe(0);
		expect(c.out.stdout).toContain('analyze');
		const d = memoryIo({});
		expect(await runCli(['analyze', '--help'], d.io)).toBe(0);
	});
});

describe('bin/civicloop.mjs end to end', () => {
	const dir = mkdtempSync(join(tmpdir(), 'civicloop-cli-'));
	const bin = fileURLToPath(new URL('../../bin/civicloop.mjs', import.meta.url));
	const spawnCli = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('analyzes temp files and writes weights', { timeout: 60_000 }, () => {
		const responses = join(dir, 'responses.csv');
		const margins = join(dir, 'margins.json');
		const weights = join(dir, 'weights.csv');
		writeFileSync(responses, RESPONSES);
		writeFileSync(margins, MARGINS);
		const r = spawnCli(['analyze', '--responses', responses, '--margins', margins, '--weights-out', weights]);
		expect(r.stderr).toContain('skipped non-numeric column "comment"');
		expect(r.status).toBe(0);
		const rows = JSON.parse(r.stdout) as Array<{ question: string; percent_positive: number }>;
		expect(rows.map((x) => x.question)).toEqual(['q1', 'q2']);
		expect(rows[1]?.percent_positive).toBeCloseTo(0.66, 9);
		expect(readFileSync(weights, 'utf8').split('\n')[0]).toBe('respondent_id,weight');
	});

	it('exits 1 on bad data and 2 on an unknown command', { timeout: 60_000 }, () => {
		const bad = spawnCli(['analyze', '--responses', join(dir, 'nope.csv'), '--margins', join(dir, 'nope.json')]);
		expect(bad.status).toBe(1);
		expect(bad.stderr).toContain('cannot read');
		const unknown = spawnCli(['frobnicate']);
		expect(unknown.status).toBe(2);
		expect(unknown.stderr).toContain('Usage: civicloop <command>');
	});
});

/**
 * Survey intake answers a response only once it is on disk (RELIABILITY.md): the batch commits to
 * intake's connection, then one sync of the WAL file makes it durable, and only then are its
 * senders answered. The WAL file syncs are held by the test (an `io` given to the committer, as
 * `openSqliteDocStore(path, { io })` takes one), on the real database file of an in-process
 * context with a live survey, through the same intake and HTTP answer the server uses.
 */
import Database from 'better-sqlite3';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fstatSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/lib/server/context';
import { heldIo } from '../helpers/held-io';
import { createGroupCommitter, type GroupCommitter, type Outcome } from '../../src/lib/server/surveys/group-commit';
import { createIntake, intakeInput, submission } from '../../src/lib/server/surveys/intake';
import { createIntakeFastPath } from '../../src/lib/server/surveys/intake-fast';
import { testContext } from '../helpers/context';
import { liveSurvey, response } from '../helpers/surveys';

const HIGH = { ipLimitPerMinute: '1000000', surveyLimitPerMinute: '10000000' };
let ctx: AppContext & { dispose(): Promise<void> };
let survey: { id: string };

beforeAll(async () => {
	ctx = await testContext();
	await ctx.accounts.setup({
		organizationName: 'Test City',
		timeZone: 'UTC',
		name: 'Ada',
		email: 'ada@test.gov',
		password: 'correct horse'
	});
	survey = liveSurvey(ctx, { settings: HIGH });
});
afterAll(async () => ctx?.dispose());

const open: GroupCommitter[] = [];
/** a committer of its own on the context's database file, its syncs held */
function held() {
	const h = heldIo();
	const committer = createGroupCommitter(ctx.database.path, ctx.database.sqlite, { io: h.io });
	open.push(committer);
	const intake = createIntake({ database: ctx.database, committer });
	return { ...h, committer, intake };
}
afterEach(async () => {
	for (const c of open.splice(0)) await c.close();
});

/** Event-loop turns until `cond` holds (requests in flight need a few); fails if it never does. */
async function until(cond: () => boolean) {
	for (let i = 0; i < 10_000 && !cond(); i++) await new Promise((ok) => setImmediate(ok));
	expect(cond()).toBe(true);
}
/** a promise's state, read without waiting for it */
function watch<T>(p: Promise<T>) {
	const w: { state: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = { state: 'pending' };
	p.then(
		(value) => Object.assign(w, { state: 'resolved', value }),
		(error: unknown) => Object.assign(w, { state: 'rejected', error })
	);
	return w;
}
const rowOf = (uuid: string) =>
	ctx.database.sqlite.prepare('SELECT id FROM survey_responses WHERE survey_id = ? AND response_uuid = ?').get(survey.id, uuid);
const anonymous = { ip: '10.0.0.1', actor: null };

describe('survey intake waits for the WAL sync', () => {
	it('answers a response only once a sync of the WAL file, started after its commit, has finished', async () => {
		const { intake, held: syncs } = held();
		const b = response({ overall: 4 });
		const answer = watch(intake.submit(survey.id, b, anonymous));
		await until(() => syncs.length === 1);
		expect(fstatSync(syncs[0]!.fd).ino).toBe(statSync(`${ctx.database.path}-wal`).ino); // the database's WAL file
		expect(rowOf(b.uuid)).toBeDefined(); // committed, in the WAL, not yet known to be on disk
		await until(() => true);
		expect(answer.state).toBe('pending');
		syncs[0]!.finish();
		await until(() => answer.state !== 'pending');
		expect(answer).toMatchObject({ state: 'resolved', value: { status: 201, body: { duplicate: false } } });
	});

	it('commits the submissions that arrive while a batch is synced as the next batch, once that sync is over', async () => {
		const { intake, committer, held: syncs } = held();
		const [a, b, c] = [response({ overall: 3 }), response({ overall: 4 }), response({ overall: 5 })];
		const first = watch(intake.submit(survey.id, a, anonymous));
		await until(() => syncs.length === 1);
		const second = watch(intake.submit(survey.id, b, anonymous));
		const third = watch(intake.submit(survey.id, c, anonymous));
		await until(() => true);
		expect(rowOf(b.uuid)).toBeUndefined(); // queued behind the batch being synced
		syncs[0]!.finish();
		await until(() => first.state !== 'pending');
		expect(first.state).toBe('resolved');
		await until(() => syncs.length === 2); // b and c committed together; their sync holds their answers
		expect(rowOf(b.uuid)).toBeDefined();
		expect([second.state, third.state]).toEqual(['pending', 'pending']);
		syncs[1]!.finish();
		await until(() => third.state !== 'pending');
		expect([second.state, third.state]).toEqual(['resolved', 'resolved']);
		expect(committer.stats()).toEqual({ batches: 2, items: 3, largestBatch: 2 });
	});

	it('keeps one failing item from taking its batch-mates with it', async () => {
		const { committer, held: syncs } = held();
		const s = ctx.database.sqlite.prepare('SELECT id, organization_id, live_version_id FROM surveys WHERE id = ?').get(survey.id) as {
			id: string;
			organization_id: string;
			live_version_id: string;
		};
		const item = (versionId: string) => {
			const data = intakeInput.parse(response({ overall: 5 }));
			return submission(s, versionId, data, { overall: 5 }, undefined, Date.now());
		};
		const good = [item(s.live_version_id), item(s.live_version_id)];
		const bad = item('no-such-version'); // a foreign key the database refuses
		const answers = [good[0]!, bad, good[1]!].map((x) => watch(committer.submit(x)));
		await until(() => syncs.length === 1);
		syncs[0]!.finish();
		await until(() => answers.every((x) => x.state !== 'pending'));
		expect(answers.map((x) => x.state)).toEqual(['resolved', 'rejected', 'resolved']);
		expect((answers[1]!.error as { code?: string }).code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
		expect(answers.map((x) => (x.value as Outcome | undefined)?.kind)).toEqual(['stored', undefined, 'stored']);
		expect(committer.stats().batches).toBe(1);
		expect(rowOf(good[0]!.uuid)).toBeDefined();
		expect(rowOf(good[1]!.uuid)).toBeDefined();
		expect(rowOf(bad.uuid)).toBeUndefined();
	});

	it('answers every response of a batch whose sync failed, and every later one, with a server error (500, retried by devices), nothing claimed stored', async () => {
		const { intake, committer, held: syncs } = held();
		const app = { ...ctx, surveys: { ...ctx.surveys, intake } } as AppContext;
		const fast = createIntakeFastPath(() => app, {});
		const server: Server = createServer((req, res) => {
			if (!fast.handle(req, res)) res.writeHead(404).end();
		});
		await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
		const url = (id: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/surveys/${id}/responses`;
		const post = (body: unknown) =>
			fetch(url(survey.id), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		try {
			const a = response({ overall: 2, fix_first: 'potholes' });
			const b = response({ overall: 3 });
			const answers = [post(a), post(b)];
			await until(() => syncs.length === 1 && !!rowOf(a.uuid) && !!rowOf(b.uuid)); // one batch, both committed
			syncs[0]!.finish(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
			for (const res of await Promise.all(answers)) {
				expect(res.status).toBe(500);
				const body = (await res.json()) as Record<string, unknown>;
				expect(body).toEqual({ message: 'Something went wrong on our side.', id: expect.any(String) });
			}
			// The device sends it again. Even though this sync reports success, Linux may have dropped
			// the pages that failed: nothing is claimed stored (not even "duplicate") until a restart,
			// after which SQLite recovers what is on disk and the device's copy fills any gap.
			const again = post(a);
			await until(() => syncs.length === 2);
			syncs[1]!.finish();
			const res = await again;
			expect(res.status).toBe(500);
			// what /healthz reports (503, "degraded") until the server is restarted
			expect(committer.storageError()?.message).toMatch(/could not be synced to disk \(EIO.*restart the server/);
		} finally {
			await new Promise((ok) => server.close(ok));
		}
	});

	it('makes an import durable before it returns, and throws if that sync fails', () => {
		const { committer, syncedNow, failSyncNow } = held();
		const s = ctx.database.sqlite.prepare('SELECT id, organization_id, live_version_id FROM surveys WHERE id = ?').get(survey.id) as {
			id: string;
			organization_id: string;
			live_version_id: string;
		};
		const item = () => submission(s, s.live_version_id, intakeInput.parse(response({ overall: 3 })), { overall: 3 }, undefined, Date.now());
		const first = committer.storeMany([item(), item()]);
		expect(first.map((o) => o.kind)).toEqual(['stored', 'stored']);
		expect(syncedNow).toHaveLength(1);
		failSyncNow(new Error('EIO: i/o error, fdatasync'));
		expect(() => committer.storeMany([item()])).toThrow('EIO: i/o error, fdatasync');
	});

	it('on close, makes everything queued durable and answers it, then refuses new submissions', async () => {
		const { intake, committer, held: syncs, syncedNow } = held();
		const [a, b] = [response({ overall: 4 }), response({ overall: 5 })];
		const first = watch(intake.submit(survey.id, a, anonymous));
		await until(() => syncs.length === 1);
		const second = watch(intake.submit(survey.id, b, anonymous)); // waits for the next batch
		await until(() => true);
		await committer.close();
		expect(syncedNow.length).toBeGreaterThanOrEqual(1); // synced on the calling thread, the held syncs never finished
		await until(() => second.state !== 'pending');
		expect([first.state, second.state]).toEqual(['resolved', 'resolved']);
		expect(rowOf(b.uuid)).toBeDefined();
		await expect(committer.submit({} as never)).rejects.toThrow('intake is closed');
	});
});

describe('survey intake checkpoints off the event loop', () => {
	/** a copy of the context's database (its survey included) that nothing else has open */
	async function copy() {
		const dir = mkdtempSync(join(tmpdir(), 'civicloop-intake-'));
		const path = join(dir, 'copy.db');
		await ctx.database.sqlite.backup(path);
		return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
	}
	const s = () =>
		ctx.database.sqlite.prepare('SELECT id, organization_id, live_version_id FROM surveys WHERE id = ?').get(survey.id) as {
			id: string;
			organization_id: string;
			live_version_id: string;
		};
	/** how many responses the survey has in the database file at `path` */
	const responsesIn = (path: string): number => {
		const db = new Database(path, { readonly: true });
		try {
			return (db.prepare('SELECT count(*) AS n FROM survey_responses WHERE survey_id = ?').get(survey.id) as { n: number }).n;
		} finally {
			db.close();
		}
	};
	/** 1,500 responses of 4 kB: about 1,500 WAL pages, past the 1,000 of an automatic checkpoint */
	const many = () => {
		const row = s();
		const filler = 'x'.repeat(4000);
		return Array.from({ length: 1500 }, () => ({
			...submission(row, row.live_version_id, intakeInput.parse(response({ overall: 3 })), { overall: 3 }, undefined, Date.now()),
			answers: JSON.stringify({ overall: 3, comment: filler })
		}));
	};

	it('starts the WAL over under submissions that never pause, instead of letting it grow without end', async () => {
		const { path, remove } = await copy();
		// the page count past which the writers are held for a checkpoint, kept small so the test writes little
		const committer = createGroupCommitter(path, ctx.database.sqlite, { checkpointEveryMs: 5, walResetFrames: 64 });
		try {
			const before = responsesIn(path);
			const items = [...many(), ...many()]; // 3,000 pages and more: 12 MB of WAL if it never started over
			let largest = 0;
			let next = 0;
			// eight in flight at any time, so a batch is always waiting for its commit: there is never
			// a moment with no writer for a plain checkpoint to catch up in
			const worker = async () => {
				while (next < items.length) {
					const outcome = await committer.submit(items[next++]!);
					expect(outcome.kind).toBe('stored');
					largest = Math.max(largest, statSync(`${path}-wal`).size);
				}
			};
			await Promise.all(Array.from({ length: 8 }, worker));
			expect(largest).toBeLessThan(6 * 1024 * 1024);
			expect(responsesIn(path)).toBe(before + items.length);
		} finally {
			await committer.close();
			remove();
		}
	});

	it('never checkpoints inside a commit', async () => {
		const { path, remove } = await copy();
		const committer = createGroupCommitter(path, ctx.database.sqlite, { checkpointEveryMs: 3_600_000 });
		try {
			const before = statSync(path).size;
			expect(committer.storeMany(many()).every((o) => o.kind === 'stored')).toBe(true);
			expect(statSync(`${path}-wal`).size).toBeGreaterThan(1000 * 4096);
			expect(statSync(path).size).toBe(before); // the pages are still only in the WAL
		} finally {
			await committer.close();
			remove();
		}
	});

	it('checkpoints on its checkpointer thread while open', async () => {
		const { path, remove } = await copy();
		const committer = createGroupCommitter(path, ctx.database.sqlite, { checkpointEveryMs: 20 });
		try {
			const before = statSync(path).size;
			committer.storeMany(many());
			// the pages reach the database file only through a checkpoint
			await new Promise<void>((ok, ko) => {
				const deadline = Date.now() + 10_000;
				const t = setInterval(() => {
					if (statSync(path).size > before + 1_000_000) ok(clearInterval(t));
					else if (Date.now() > deadline) ko(new Error(`no checkpoint: ${statSync(path).size} bytes`));
				}, 10);
			});
		} finally {
			await committer.close();
			remove();
		}
	});
});

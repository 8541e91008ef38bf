/**
 * Resend across a server kill (RELIABILITY.md): a device keeps every response until it has an
 * answer, so a response must be stored exactly once however often it is re-sent, and nothing
 * acknowledged may be lost. 50 senders stream responses; the server is killed with SIGKILL in the
 * middle of the stream; a new process starts on the same data directory; every response that got
 * no answer is re-sent, and so is a sample of those that did.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setupOrganization, startServer, tempDataDir, type RunningServer } from '../helpers/server';
import { liveSurvey, response, storedResponses, withContext } from '../helpers/surveys';

const HIGH = { ipLimitPerMinute: '1000000', surveyLimitPerMinute: '10000000' };
const dir = tempDataDir();
const servers: RunningServer[] = [];
afterAll(async () => {
	for (const s of servers) await s.stop('SIGKILL');
	rmSync(dir, { recursive: true, force: true });
});

type Body = ReturnType<typeof response>;
const post = (server: RunningServer, id: string, b: Body) =>
	fetch(`${server.url}/api/v1/surveys/${id}/responses`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(b)
	});

function storedUuids(surveyId: string): Set<string> {
	// Read-write, so SQLite recovers the write-ahead log the killed process left behind.
	const db = new Database(join(dir, 'civicloop.db'));
	try {
		const rows = db.prepare('SELECT response_uuid AS u FROM survey_responses WHERE survey_id = ?').all(surveyId) as { u: string }[];
		return new Set(rows.map((r) => r.u));
	} finally {
		db.close();
	}
}

describe('resend across a server kill', () => {
	it('stores each response exactly once and keeps every acknowledged one', async () => {
		const first = await startServer({ dataDir: dir });
		servers.push(first);
		await setupOrganization(first);
		const survey = await withContext(dir, (ctx) => liveSurvey(ctx, { title: 'Crash', settings: HIGH }));

		const acknowledged = new Map<string, { body: Body; answer: unknown }>();
		const unanswered: Body[] = [];
		let n = 0;
		let killed = false;
		// 50 senders, each sending one response after another until the server is gone.
		await Promise.all(
			Array.from({ length: 50 }, async () => {
				for (;;) {
					const b = response({ overall: (n % 5) + 1, fix_first: 'lights', kids: n++ % 4 });
					let res: Response;
					try {
						res = await post(first, survey.id, b);
						const answer = await res.json();
						expect(res.status).toBe(201);
						acknowledged.set(b.uuid, { body: b, answer });
					} catch (e) {
						if (!killed) throw e;
						unanswered.push(b);
						return;
					}
					if (acknowledged.size >= 400 && !killed) {
						killed = true;
						first.proc.kill('SIGKILL');
					}
				}
			})
		);
		expect(await first.stop()).toBeNull(); // exited by signal, no exit code
		expect(first.proc.signalCode).toBe('SIGKILL');
		// The kill came mid-stream: requests were in flight and got no answer.
		expect(acknowledged.size).toBeGreaterThanOrEqual(400);
		expect(unanswered.length).toBeGreaterThan(0);

		// Every acknowledged response survived the kill.
		const afterKill = storedUuids(survey.id);
		for (const uuid of acknowledged.keys()) expect(afterKill.has(uuid)).toBe(true);

		const second = await startServer({ dataDir: dir });
		servers.push(second);
		const sample = [...acknowledged.values()].filter((_, i) => i % 4 === 0);
		const resent = await Promise.all(
			[...unanswered, ...sample.map((s) => s.body)].map(async (b) => {
				const res = await post(second, survey.id, b);
				return { uuid: b.uuid, status: res.status, answer: await res.json() };
			})
		);
		// Unanswered ones are stored now (201) or were stored before the kill and replay (200).
		for (const r of resent.slice(0, unanswered.length)) expect([200, 201]).toContain(r.status);
		// Answered ones replay with the very answer given before the kill.
		for (const r of resent.slice(unanswered.length)) {
			expect(r.status).toBe(200);
			const before = acknowledged.get(r.uuid)!.answer as object;
			expect(r.answer).toEqual({ ...before, duplicate: true });
		}

		const stored = storedResponses(dir, survey.id);
		const sent = acknowledged.size + unanswered.length;
		expect(stored.rows).toBe(sent);
		expect(stored.distinct).toBe(sent);
		const final = storedUuids(survey.id);
		for (const b of unanswered) expect(final.has(b.uuid)).toBe(true);
		for (const uuid of acknowledged.keys()) expect(final.has(uuid)).toBe(true);
	});
});

/**
 * The cost of one live-feed tick (`surveys.live.snapshot`, run every 2 s per open staff page) on
 * a survey with RESPONSES responses (8 districts, 3 channels, open text in about 40%): measured in
 * process on the server's database file. Two cases: a tick when nothing arrived (counts by SQL
 * aggregate; the open-text part reused) and a tick right after a response arrived (the newest
 * 300 responses read, sentiment and emerging terms recomputed). Median and max over RUNS ticks
 * are written to bench/results/live-feed.json.
 *
 *   node --import tsx bench/live-feed.ts   (after `npx vite build`)
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Questionnaire } from '../src/lib/domain/surveys/questionnaire';
import { districtRepo } from '../src/lib/server/accounts/repository';
import { newId } from '../src/lib/server/auth/tokens';
import { surveyResponses } from '../src/lib/server/db/schema';
import { rowUuid } from '../src/lib/server/surveys/import';
import { payloadHash } from '../src/lib/server/surveys/intake';
import { versionRepo } from '../src/lib/server/surveys/repository';
import { ROOT, setupOrganization, startServer } from '../tests/helpers/server';
import { actorByEmail, liveSurvey, withContext } from '../tests/helpers/surveys';

const RESPONSES = Number(process.env.RESPONSES ?? 50_000);
const RUNS = 40;
const L = (en: string) => ({ en, es: en });
const TEXTS = [
	'Fix the potholes on our street',
	'More street lights near the park, it is not safe at night',
	'Buses are late every morning',
	'The library staff are friendly and helpful',
	'Arreglar los baches de la calle',
	'El parque no está limpio',
	'Flooding under the bridge again'
];
const CHANNELS = ['web', 'field', 'paper'] as const;

const server = await startServer();
try {
	await setupOrganization(server);
	const out = await withContext(server.dataDir, (ctx) => {
		const actor = actorByEmail(ctx, 'ada@test.gov');
		for (let d = 1; d <= 8; d++)
			districtRepo.insert(ctx.database.db, { id: newId(), organizationId: actor.organizationId, code: `D${d}`, name: `District ${d}` });
		const { id } = liveSurvey(ctx, {
			questions: [
				{ key: 'overall', type: 'rating5', text: L('Overall'), labels: [L('1'), L('2'), L('3'), L('4'), L('5')], required: true },
				{ key: 'home', type: 'district', text: L('Where do you live?'), options: [] },
				{ key: 'fix_first', type: 'long_text', text: L('What should we fix first?') },
				{ key: 'comment', type: 'short_text', text: L('Anything else?') }
			]
		});
		const v = versionRepo.latest(ctx.database.db, id)!;
		void (v.questionnaire as Questionnaire);
		let seq = 0;
		const row = (i: number): typeof surveyResponses.$inferInsert => {
			const answers: Record<string, unknown> = { overall: 1 + (i % 5), home: `D${1 + (i % 8)}` };
			if (i % 5 < 2) answers.fix_first = TEXTS[i % TEXTS.length];
			if (i % 10 === 0) answers.comment = TEXTS[(i + 3) % TEXTS.length];
			const channel = CHANNELS[i % 3]!;
			return {
				surveyId: id,
				organizationId: actor.organizationId,
				versionId: v.id,
				responseUuid: rowUuid(id, `bench:${seq++}`),
				channel,
				language: 'en',
				district: answers.home as string,
				submittedAt: new Date(Date.now() - (RESPONSES - i) * 1000),
				answers,
				payloadHash: payloadHash(answers, channel, 'en', undefined)
			};
		};
		const rows = Array.from({ length: RESPONSES }, (_, i) => row(i));
		ctx.database.tx((t) => {
			for (let i = 0; i < rows.length; i += 500)
				t.insert(surveyResponses)
					.values(rows.slice(i, i + 500))
					.run();
		});
		const live = ctx.surveys.live;
		const time = (before?: () => void) => {
			const ms: number[] = [];
			for (let r = 0; r < RUNS; r++) {
				before?.();
				const t0 = performance.now();
				const snap = live.snapshot(actor, id);
				ms.push(performance.now() - t0);
				if (snap.texts.length === 0) throw new Error('no open-text answers in the snapshot');
			}
			ms.sort((a, b) => a - b);
			return { medianMs: Number(ms[Math.floor(RUNS / 2)]!.toFixed(2)), maxMs: Number(ms[RUNS - 1]!.toFixed(2)) };
		};
		live.snapshot(actor, id); // warm-up
		const idle = time();
		let extra = RESPONSES;
		const arrived = time(() => ctx.database.db.insert(surveyResponses).values(row(extra++)).run());
		return { idle, arrived };
	});
	const result = {
		at: new Date().toISOString(),
		responses: RESPONSES,
		runs: RUNS,
		loadavg: loadavg().map((x) => Number(x.toFixed(2))),
		tickNothingArrived: out.idle,
		tickAfterAResponse: out.arrived
	};
	writeFileSync(join(ROOT, 'bench/results/live-feed.json'), `${JSON.stringify(result, null, '\t')}\n`);
	console.log(JSON.stringify(result, null, 2));
} finally {
	await server.dispose();
}

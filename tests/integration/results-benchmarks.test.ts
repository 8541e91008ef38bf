/**
 * Benchmarks against the real built server: a bad CSV names every bad line and stores nothing
 * (API and form), a good one is imported and a re-import replaces its source, a target is set
 * through the form, and GET /api/v1/surveys/<id>/results shows the flags, the deviations list, a
 * breakdown with suppressed cells and the open-text themes. Viewers cannot change benchmarks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import { Client, addMember, setupOrganization, startServer, type RunningServer } from '../helpers/server';
import { actorByEmail, liveSurvey, response, withContext } from '../helpers/surveys';

const L = (en: string) => ({ en, es: en });
const scale = [1, 2, 3, 4, 5].map((i) => L(String(i)));
const QUESTIONS: QuestionInput[] = [
	{ key: 'overall', type: 'rating5', text: L('Overall'), labels: scale, focusArea: 'Services' },
	{ key: 'safety', type: 'rating5', text: L('Safety'), labels: scale, focusArea: 'Safety' },
	{ key: 'comment', type: 'long_text', text: L('What should we fix first?') },
	{
		key: 'age',
		type: 'demographic',
		dimension: 'age_band',
		text: L('Age'),
		options: [
			{ code: 'young', label: L('Under 40') },
			{ code: 'old', label: L('40 or older') }
		]
	}
];
const COMMENTS = ['Fix the potholes', 'Potholes on Main street', 'Arreglar los baches', 'Baches en la calle', 'More buses'];

interface Comparison {
	source: string;
	kind: string;
	test: string;
	flag: string;
	reason: string;
	value: number;
}
interface Api {
	questions: {
		key: string;
		weighted: { percentPositive: number };
		previous: { percentPositive: number } | null;
		benchmark: Comparison | null;
		benchmarks: Comparison[];
	}[];
	benchmarkDeviations: { key: string; source: string; flag: string; reason: string }[];
	benchmarkSources: { source: string; kind: string; values: number }[];
	breakdown: {
		dimension: string;
		minN: number;
		questions: { key: string; cells: { category: string; n: number; suppressed: boolean; percentPositive: number | null }[] }[];
	};
	themes: { key: string; answers: number; themes: { label: string; count: number; examples: string[] }[] }[];
}

let server: RunningServer;
let admin: Client;
let id = '';
const results = async (): Promise<Api> => (await (await admin.request(`/api/v1/surveys/${id}/results`)).json()) as Api;
const stored = async () =>
	(
		(await (await admin.request(`/api/v1/surveys/${id}/results/benchmarks`)).json()) as {
			benchmarks: { source: string; questionKey: string; value: number }[];
		}
	).benchmarks;

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	id = await withContext(server.dataDir, (ctx) => liveSurvey(ctx, { questions: QUESTIONS, settings: { ipLimitPerMinute: '100000' } }).id);
	// 200 responses: overall 4–5 for 120 (60%), safety 4–5 for 160 (80%); 180 young, 20 old (old cells < 30 → suppressed).
	for (let i = 0; i < 200; i++) {
		const res = await fetch(`${server.url}/api/v1/surveys/${id}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(
				response({ overall: i % 5 < 3 ? 5 : 2, safety: i % 5 < 4 ? 4 : 1, age: i % 10 === 0 ? 'old' : 'young', comment: COMMENTS[i % 5]! })
			)
		});
		if (res.status !== 201) throw new Error(`feed failed: ${res.status}`);
	}
}, 120_000);
afterAll(async () => server?.dispose());

describe('benchmarks', () => {
	it('refuses a CSV with bad lines, naming each line, and stores nothing (API and form)', async () => {
		const csv = 'question_key,value,n\noverall,70,500\nparking,50,\nsafety,abc,\nsafety,60,0\n';
		const res = await admin.json(`/api/v1/surveys/${id}/results/benchmarks`, 'POST', { csv, source: 'Peers 2025' });
		expect(res.status).toBe(400);
		const body = (await res.json()) as { error: { message: string; fields: Record<string, string> } };
		expect(body.error.fields).toEqual({
			'line 3': 'question_key "parking" is not a rating or 0–10 question of this survey',
			'line 4': 'value "abc" is not a number',
			'line 5': 'n "0" is not a whole number of at least 1; question_key "safety" appears twice for source "Peers 2025"'
		});
		expect(body.error.message).toMatch(/^3 lines are not valid; nothing was imported\. Line 3: /);
		expect(await stored()).toEqual([]);

		const form = await admin.form(`/surveys/${id}/results?/benchmarks`, { csv, source: 'Peers 2025' });
		expect(form.status).toBe(400);
		const html = await form.text();
		expect(html).toContain('Line 4: value');
		expect(html).toContain('Nothing was imported');
		expect(await stored()).toEqual([]);
	});

	it('imports a good CSV, re-import replaces the source, a target is set by form, and results show the flags', async () => {
		const first = await admin.json(`/api/v1/surveys/${id}/results/benchmarks`, 'POST', {
			csv: 'question_key,value,n,moe\noverall,40,1000,\nsafety,95,,2\n',
			source: 'Peers 2025'
		});
		expect(first.status).toBe(200);
		expect(await first.json()).toEqual({ sources: ['Peers 2025'], values: 2 });
		// Re-import: safety is gone from the file, so the source now has overall only.
		const again = await admin.form(`/surveys/${id}/results?/benchmarks`, {
			csv: 'question_key,value,n\noverall,0.75,800\n',
			source: 'Peers 2025'
		});
		expect(again.status).toBe(200);
		expect((await stored()).map((b) => [b.source, b.questionKey, b.value])).toEqual([['Peers 2025', 'overall', 0.75]]);

		const bad = await admin.form(`/surveys/${id}/results?/target`, { question: 'safety', target: '120' });
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('must be a percent between 0 and 100');
		const target = await admin.form(`/surveys/${id}/results?/target`, { question: 'safety', target: '70' });
		expect(target.status).toBe(200);

		const r = await results();
		const overall = r.questions.find((q) => q.key === 'overall')!;
		// 60% (n = 200) vs 75% (n = 800): pooled 0.72, SE = sqrt(0.72·0.28·(1/200 + 1/800)) = 0.03550, z = −4.23.
		expect(overall.weighted.percentPositive).toBeCloseTo(0.6, 12);
		expect(overall.benchmark).toMatchObject({ source: 'Peers 2025', kind: 'external', test: 'two-sample', flag: 'much lower' });
		expect(overall.benchmark!.reason).toBe(
			'Much lower than Peers 2025: 60% vs 75%, difference larger than the margin of error by 10 points or more'
		);
		const safety = r.questions.find((q) => q.key === 'safety')!;
		// 80% vs fixed 70%: SE = sqrt(0.7·0.3/200) = 0.0324, z = 3.09, p = 0.002 → higher (10 points is "much").
		expect(safety.benchmark).toMatchObject({ kind: 'target', test: 'one-sample', flag: 'much higher' });
		expect(r.benchmarkDeviations.map((d) => [d.key, d.source, d.flag])).toEqual([
			['overall', 'Peers 2025', 'much lower'],
			['safety', 'Target', 'much higher']
		]);
		expect(r.benchmarkSources).toEqual([
			{ source: 'Target', kind: 'target', values: 1 },
			{ source: 'Peers 2025', kind: 'external', values: 1 }
		]);

		// Clearing the target.
		expect((await admin.json(`/api/v1/surveys/${id}/results/targets`, 'PUT', { targets: { safety: null } })).status).toBe(200);
		expect((await results()).questions.find((q) => q.key === 'safety')!.benchmark).toBeNull();
		// All or nothing: a bad key leaves the good one unset.
		const put = await admin.json(`/api/v1/surveys/${id}/results/targets`, 'PUT', { targets: { overall: 50, nope: 50 } });
		expect(put.status).toBe(400);
		expect((await stored()).some((b) => b.source === 'Target')).toBe(false);
	});

	it('breaks results down with suppression and groups open-text answers into themes', async () => {
		const r = await results();
		expect(r.breakdown.dimension).toBe('age_band');
		const cells = r.breakdown.questions.find((q) => q.key === 'overall')!.cells;
		expect(cells.map((c) => [c.category, c.n, c.suppressed])).toEqual([
			['young', 180, false],
			['old', 20, true]
		]);
		expect(cells[1]!.percentPositive).toBeNull();
		const comment = r.themes.find((t) => t.key === 'comment')!;
		expect(comment.answers).toBe(200);
		expect(comment.themes.map((t) => [t.label, t.count])).toEqual([
			['baches, arreglar', 80],
			['potholes, fix', 80],
			['buses', 40]
		]);
		expect(comment.themes[0]!.examples).toEqual(['Baches en la calle', 'Arreglar los baches']);
		const html = await (await admin.request(`/surveys/${id}/results`)).text();
		expect(html).toContain('Suppressed (n = 20, under 30)');
		expect(html).toContain('Results that deviate from benchmarks');
	});

	it('lets a viewer read but not change benchmarks, and hides the plan link from viewers', async () => {
		const viewer = await addMember(server, admin, 'vic@test.gov', 'viewer');
		const res = await viewer.json(`/api/v1/surveys/${id}/results/benchmarks`, 'POST', {
			csv: 'question_key,value\noverall,50\n',
			source: 'X'
		});
		expect(res.status).toBe(403);
		const page = await (await viewer.request(`/surveys/${id}/results`)).text();
		expect(page).not.toContain('Add to plan');
		expect(page).not.toContain('Import benchmarks');
		expect(await (await admin.request(`/surveys/${id}/results`)).text()).toContain(`/surveys/${id}/results/plan?q=overall`);
	});

	it("follows changes to last cycle's weighting (its figures are reused only while unchanged)", async () => {
		const last = await withContext(server.dataDir, (ctx) =>
			liveSurvey(ctx, { title: 'Last year', questions: QUESTIONS, settings: { ipLimitPerMinute: '100000' } })
		);
		// 45 young answer 5, 15 older answer 1: 75% positive unweighted, 50% raked to 50/50.
		for (let i = 0; i < 60; i++) {
			const res = await fetch(`${server.url}/api/v1/surveys/${last.id}/responses`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(response(i < 45 ? { overall: 5, age: 'young' } : { overall: 1, age: 'old' }))
			});
			expect(res.status).toBe(201);
		}
		await withContext(server.dataDir, (ctx) => ctx.surveys.act(actorByEmail(ctx, 'ada@test.gov'), last.id, { action: 'close' }));
		const previous = async () => (await results()).questions.find((q) => q.key === 'overall')!.previous!.percentPositive;
		expect(await previous()).toBeCloseTo(0.75, 12);
		expect(await previous()).toBeCloseTo(0.75, 12);
		const put = await admin.json(`/api/v1/surveys/${last.id}/results/margins`, 'PUT', { margins: { age_band: { young: 0.5, old: 0.5 } } });
		expect(put.status).toBe(200);
		expect(await previous()).toBeCloseTo(0.5, 12);
	});
});

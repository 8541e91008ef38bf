/**
 * Survey test factories: a live survey made through the real services on the server's database
 * file (like the tenancy test provisions a second organization), plus response payload builders.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { toActor } from '../../src/lib/server/accounts/service';
import { loadConfig } from '../../src/lib/server/config';
import { createContext, type AppContext } from '../../src/lib/server/context';
import type { UserRow } from '../../src/lib/server/accounts/repository';
import type { QuestionInput } from '../../src/lib/domain/surveys/questionnaire';
import { users } from '../../src/lib/server/db/schema';
import { eq } from 'drizzle-orm';

/** Opens a context on `dataDir`, runs `fn`, closes it. */
export async function withContext<T>(dataDir: string, fn: (ctx: AppContext) => T | Promise<T>): Promise<T> {
	const ctx = createContext(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
	try {
		return await fn(ctx);
	} finally {
		await ctx.close();
	}
}

export function actorByEmail(ctx: AppContext, email: string) {
	const u = ctx.database.db.select().from(users).where(eq(users.email, email)).get() as UserRow | undefined;
	if (!u) throw new Error(`no user ${email}`);
	return toActor(u);
}

const L = (en: string, es = `${en} (es)`) => ({ en, es });

/** A small questionnaire: a required rating with a follow-up, a choice, a text and a number. */
export const SMALL_QUESTIONS: QuestionInput[] = [
	{
		key: 'overall',
		type: 'rating5',
		text: L('Overall quality of city services', 'Calidad general de los servicios'),
		labels: [L('Very poor', 'Muy mala'), L('Poor', 'Mala'), L('Fair', 'Regular'), L('Good', 'Buena'), L('Very good', 'Muy buena')],
		dontKnow: true,
		required: true
	},
	{
		key: 'fix_first',
		type: 'long_text',
		text: L('What should we fix first?', '¿Qué deberíamos mejorar primero?'),
		required: true,
		showIf: { key: 'overall', op: 'lte', value: 2 }
	},
	{
		key: 'mode',
		type: 'single',
		text: L('How do you get around?'),
		options: [
			{ code: 'car', label: L('Car', 'Coche') },
			{ code: 'bus', label: L('Bus', 'Autobús') }
		]
	},
	{ key: 'comment', type: 'short_text', text: L('Anything else?', '¿Algo más?') },
	{ key: 'kids', type: 'number', text: L('Children at home'), min: 0, max: 12 }
];

export interface LiveSurveyOptions {
	email?: string;
	kind?: 'community' | 'experience' | 'engagement';
	title?: string;
	questions?: QuestionInput[];
	settings?: Record<string, string>;
	publish?: boolean;
}

/**
 * A survey with `questions` written straight into the draft (the editor's form path is covered by
 * the e2e test), submitted, approved and (by default) published.
 */
export function liveSurvey(ctx: AppContext, o: LiveSurveyOptions = {}): { id: string; slug: string } {
	const actor = actorByEmail(ctx, o.email ?? 'ada@test.gov');
	const s = ctx.surveys;
	const id = s.create(actor, { kind: o.kind ?? 'community', title: o.title ?? 'Test survey', start: 'blank' });
	const draft = s.get(actor, id).draft;
	draft.sections[0]!.questions = (o.questions ?? SMALL_QUESTIONS) as (typeof draft.sections)[0]['questions'];
	ctx.database.sqlite.prepare('UPDATE surveys SET draft = ? WHERE id = ?').run(JSON.stringify(draft), id);
	s.updateSettings(actor, id, { title: o.title ?? 'Test survey', ...o.settings });
	s.act(actor, id, { action: 'submit' });
	s.act(actor, id, { action: 'approve', comment: 'ok' });
	if (o.publish !== false) s.act(actor, id, { action: 'publish' });
	return { id, slug: s.get(actor, id).slug };
}

/** Counts stored responses of `surveyId` straight from the database file (read-only). */
export function storedResponses(dataDir: string, surveyId: string): { rows: number; distinct: number } {
	const db = new Database(join(dataDir, 'civicloop.db'), { readonly: true });
	try {
		return db
			.prepare('SELECT count(*) AS rows, count(DISTINCT response_uuid) AS "distinct" FROM survey_responses WHERE survey_id = ?')
			.get(surveyId) as { rows: number; distinct: number };
	} finally {
		db.close();
	}
}

export function response(answers: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return { uuid: crypto.randomUUID(), answers, channel: 'web', language: 'en', ...extra };
}

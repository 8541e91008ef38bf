/**
 * What the resident page may know about a survey (by its public slug), the staff preview of the
 * draft, and single-use invitation tokens (generated in bulk; only their hashes are stored).
 */
import Papa from 'papaparse';
import { z } from 'zod';
import type { Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import { neutralizeCell } from '../../domain/surveys/tabular';
import { questionnaire, type Questionnaire } from '../../domain/surveys/questionnaire';
import { parse } from '../../domain/validation';
import { hashToken, newId, randomToken } from '../auth/tokens';
import type { Database_ } from '../db/client';
import { publicPath } from './presenter';
import { surveyRepo, tokenRepo, versionRepo, type SurveyRow } from './repository';

export type PublicState = 'open' | 'closed' | 'not_open';

export interface PublicSurvey {
	id: string;
	slug: string;
	kind: SurveyRow['kind'];
	access: SurveyRow['access'];
	state: PublicState;
	questionnaire: Questionnaire | null;
}

const tokensInput = z.object({
	count: z.coerce.number().int('Use a whole number.').min(0).max(10_000, 'At most 10,000 at a time.').default(0),
	addresses: z.string().max(2_000_000).default('')
});

const MAX_TOKENS = 10_000;

/** Labels (addresses) from a pasted or uploaded CSV: the first column of each non-empty row. */
export function addressLabels(csv: string): string[] {
	const rows = Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true }).data;
	const labels = rows.map((r) => (r[0] ?? '').trim()).filter(Boolean);
	if (labels.length && /^address$/i.test(labels[0]!)) labels.shift();
	return labels;
}

export function createResidentSide(deps: {
	database: Database_;
	row: (actor: Actor, id: string, action: 'survey.design') => SurveyRow;
	/** The draft as the co-edited document holds it now (the projection may lag a moment). */
	currentDraft?: (s: SurveyRow) => Questionnaire;
}) {
	const { db, tx } = deps.database;
	return {
		/** The survey at /s/<slug>: only live or closed surveys exist for the public. */
		bySlug(slug: string, now = Date.now()): PublicSurvey {
			const s = surveyRepo.bySlug(db, slug);
			if (!s || (s.status !== 'live' && s.status !== 'closed')) throw new AppError('survey.not_found', 'No such survey.');
			const closed = s.status === 'closed' || (s.closesAt !== null && s.closesAt.getTime() <= now);
			const notOpen = !closed && s.opensAt !== null && s.opensAt.getTime() > now;
			const v = !closed && !notOpen && s.liveVersionId ? versionRepo.get(db, s.liveVersionId) : undefined;
			return {
				id: s.id,
				slug: s.slug,
				kind: s.kind,
				access: s.access,
				state: closed ? 'closed' : notOpen || !v ? 'not_open' : 'open',
				questionnaire: v ? (v.questionnaire as Questionnaire) : null
			};
		},

		/** The draft exactly as a resident would see it (staff preview). */
		preview(actor: Actor, id: string): { questionnaire: Questionnaire; slug: string } {
			const s = deps.row(actor, id, 'survey.design');
			// A merge can leave the document invalid for a moment (the editor says so): then the last valid draft.
			const live = deps.currentDraft ? questionnaire.safeParse(deps.currentDraft(s)) : null;
			return { questionnaire: live?.success ? live.data : (s.draft as Questionnaire), slug: s.slug };
		},

		/**
		 * Issues single-use invitation links: `count` anonymous ones, or one per address in the
		 * pasted CSV. Returns a CSV (label, link) to hand out; the tokens are not kept in clear.
		 */
		issueTokens(actor: Actor, id: string, input: unknown, origin: string): { csv: string; count: number } {
			const data = parse(tokensInput, input);
			const s = deps.row(actor, id, 'survey.design');
			const labels = data.addresses.trim() ? addressLabels(data.addresses) : Array.from({ length: data.count }, (_, i) => `#${i + 1}`);
			if (!labels.length)
				throw new AppError('validation.failed', 'Give a number of links or a list of addresses.', { fields: { count: 'At least 1.' } });
			if (labels.length > MAX_TOKENS)
				throw new AppError('validation.failed', `At most ${MAX_TOKENS} links at a time.`, { fields: { addresses: 'Too many rows.' } });
			const issued = labels.map((label) => ({ label, token: randomToken() }));
			tx((t) =>
				tokenRepo.insertMany(
					t,
					issued.map((x) => ({ id: newId(), surveyId: s.id, organizationId: s.organizationId, tokenHash: hashToken(x.token) }))
				)
			);
			const rows = issued.map((x) => [neutralizeCell(x.label), `${origin}${publicPath(s.slug)}/${x.token}`]);
			return { csv: Papa.unparse({ fields: ['address', 'link'], data: rows }), count: rows.length };
		}
	};
}

/**
 * Response intake: public (resident page, public API) and fed by staff or a service-desk system
 * (API token). validate → authorize → rate-limit → check every answer against the live version →
 * group-commit → answer. Idempotent on the client's UUID; single-use tokens; nothing half-stored.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { compileAnswerCheck, type AnswerChecker, type Answers } from '../../domain/surveys/answers';
import { allQuestions, questionnaire } from '../../domain/surveys/questionnaire';
import { can, type Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import { parse } from '../../domain/validation';
import { createRateLimiter, type RateLimiter } from '../auth/rate-limit';
import { hashToken } from '../auth/tokens';
import type { Database_ } from '../db/client';
import { RESPONSE_CHANNELS } from '../db/schema/surveys';
import type { GroupCommitter, Outcome, Submission } from './group-commit';

export const intakeInput = z.object({
	uuid: z.uuid({ error: 'Send a UUID made on the device (uuid).' }),
	answers: z.record(z.string(), z.unknown(), { error: 'Send the answers as an object of question key → value.' }),
	channel: z.enum(RESPONSE_CHANNELS).default('web'),
	language: z
		.string()
		.regex(/^[a-z]{2}(-[A-Za-z]{2})?$/, 'Use a language code like en or es.')
		.default('en'),
	token: z.string().min(10).max(100).optional()
});
export type IntakeInput = z.input<typeof intakeInput>;

export interface IntakeResult {
	status: 201 | 200;
	body: { response: { uuid: string; submittedAt: string }; duplicate: boolean };
}

interface LiveSurvey {
	id: string;
	organization_id: string;
	status: string;
	access: string;
	opens_at: number | null;
	closes_at: number | null;
	live_version_id: string | null;
	ip_limit_per_minute: number;
	survey_limit_per_minute: number;
}

/** SHA-256 of the canonical payload (sorted keys), to tell a replay from a different response. */
export function payloadHash(answers: Record<string, unknown>, channel: string, language: string, token: string | undefined): string {
	const sorted = Object.fromEntries(
		Object.keys(answers)
			.sort()
			.map((k) => [k, answers[k]])
	);
	return createHash('sha256')
		.update(JSON.stringify({ a: sorted, c: channel, l: language, t: token ? hashToken(token) : null }))
		.digest('hex');
}

function present(uuid: string, o: Extract<Outcome, { id: number }>): IntakeResult {
	return {
		status: o.kind === 'stored' ? 201 : 200,
		body: { response: { uuid, submittedAt: new Date(o.submittedAt).toISOString() }, duplicate: o.kind === 'duplicate' }
	};
}

export function createIntake(deps: { database: Database_; committer: GroupCommitter }) {
	const { sqlite } = deps.database;
	const surveyStmt = sqlite.prepare<[string], LiveSurvey>(
		`SELECT id, organization_id, status, access, opens_at, closes_at, live_version_id, ip_limit_per_minute, survey_limit_per_minute
		 FROM surveys WHERE id = ?`
	);
	const replayStmt = sqlite.prepare<[string, string], { payload_hash: string; submitted_at: number; id: number }>(
		'SELECT id, payload_hash, submitted_at FROM survey_responses WHERE survey_id = ? AND response_uuid = ?'
	);
	const versionStmt = sqlite.prepare<[string], { questionnaire: string }>('SELECT questionnaire FROM survey_versions WHERE id = ?');
	// The compiled checker of each survey's live version. Frozen versions never change, so an entry
	// is valid for as long as the survey's row still names that version as live; the row is read on
	// every request (another process may close or republish it), and a change of live version or
	// status drops the entry.
	const checkers = new Map<string, { versionId: string; check: AnswerChecker; districtKey?: string }>();
	const limiters = new Map<number, RateLimiter>();
	const limiter = (points: number) => {
		let l = limiters.get(points);
		if (!l) limiters.set(points, (l = createRateLimiter({ points, windowMs: 60_000 })));
		return l;
	};

	function checker(s: { id: string; live_version_id: string }) {
		let c = checkers.get(s.id);
		if (!c || c.versionId !== s.live_version_id) {
			const row = versionStmt.get(s.live_version_id);
			if (!row) throw new AppError('survey.not_found', 'No such survey.');
			const q = questionnaire.parse(JSON.parse(row.questionnaire));
			c = {
				versionId: s.live_version_id,
				check: compileAnswerCheck(q),
				districtKey: allQuestions(q).find((x) => x.type === 'district')?.key
			};
			if (checkers.size > 1000) checkers.clear();
			checkers.set(s.id, c);
		}
		return c;
	}

	function openSurvey(id: string, actor: Actor | null, now: number): LiveSurvey & { live_version_id: string } {
		const s = surveyStmt.get(id);
		if (s && (s.status !== 'live' || !s.live_version_id)) checkers.delete(s.id);
		// Another organization's staff are told what the public is told: nothing about the survey.
		if (!s || (actor && actor.organizationId !== s.organization_id)) throw new AppError('survey.not_found', 'No such survey.');
		if (s.status === 'closed' || (s.closes_at !== null && s.closes_at <= now && s.status === 'live'))
			throw new AppError('survey.closed', 'This survey is closed. Thank you for your interest.');
		if (s.status !== 'live' || !s.live_version_id || (s.opens_at !== null && s.opens_at > now))
			throw new AppError('survey.not_open', 'This survey is not open.');
		return s as LiveSurvey & { live_version_id: string };
	}

	function limit(s: LiveSurvey, ip: string, staff: boolean) {
		const wait = Math.max(
			limiter(s.survey_limit_per_minute).hit(`s|${s.id}`),
			staff ? 0 : limiter(s.ip_limit_per_minute).hit(`ip|${s.id}|${ip}`)
		);
		if (wait > 0)
			throw new AppError('survey.rate_limited', 'Too many responses right now. Try again shortly.', { retryAfterSeconds: wait });
	}

	return {
		/** Validates and durably stores one response; see `IntakeResult` for the replay rules. */
		async submit(surveyId: string, input: unknown, opts: { ip: string; actor: Actor | null }): Promise<IntakeResult> {
			const data = parse(intakeInput, input);
			const now = Date.now();
			let s: ReturnType<typeof openSurvey>;
			try {
				s = openSurvey(surveyId, opts.actor, now);
			} catch (e) {
				// A replay from a device that queued the response before the survey closed still gets its answer.
				const row = (e as AppError).code === 'survey.closed' ? replayStmt.get(surveyId, data.uuid.toLowerCase()) : undefined;
				if (!row) throw e;
				const same = row.payload_hash === payloadHash(data.answers, data.channel, data.language, data.token);
				return resolveOutcome(data.uuid, same ? { kind: 'duplicate', id: row.id, submittedAt: row.submitted_at } : { kind: 'conflict' });
			}
			const staff = !!opts.actor && can(opts.actor, 'survey.feed', { organizationId: s.organization_id });
			if (data.channel !== 'web' && !staff)
				throw new AppError('auth.forbidden', 'Only staff or a service-desk system (API token) may send responses on this channel.');
			limit(s, opts.ip, staff);
			if (s.access === 'invitation' && !data.token)
				throw new AppError('survey.token_invalid', 'This survey needs the link from your invitation.');
			const v = checker(s);
			const check = v.check(data.answers);
			if (!check.ok) {
				const lang = data.language.startsWith('es') ? 'es' : 'en';
				const fields = Object.fromEntries(Object.entries(check.errors).map(([k, m]) => [k, m[lang]]));
				throw new AppError('validation.failed', `Check ${Object.keys(fields).join(', ')}.`, { fields });
			}
			const outcome = await deps.committer.submit(submission(s, s.live_version_id, data, check.answers, v.districtKey, now));
			return resolveOutcome(data.uuid, outcome);
		},

		/** Is `token` a valid, unused invitation to survey `surveyId`? (For the resident page.) */
		tokenState(surveyId: string, token: string): 'valid' | 'used' | 'invalid' {
			const row = sqlite
				.prepare<[string, string], { used_at: number | null }>('SELECT used_at FROM survey_tokens WHERE token_hash = ? AND survey_id = ?')
				.get(hashToken(token), surveyId);
			return !row ? 'invalid' : row.used_at ? 'used' : 'valid';
		}
	};
}

/** The row to store for a validated response. */
export function submission(
	s: { id: string; organization_id: string },
	versionId: string,
	data: z.output<typeof intakeInput>,
	answers: Answers,
	districtKey: string | undefined,
	now: number
): Submission {
	const district = districtKey ? answers[districtKey] : undefined;
	return {
		surveyId: s.id,
		organizationId: s.organization_id,
		versionId,
		uuid: data.uuid.toLowerCase(),
		channel: data.channel,
		language: data.language,
		district: typeof district === 'string' ? district : null,
		answers: JSON.stringify(answers),
		payloadHash: payloadHash(data.answers, data.channel, data.language, data.token),
		tokenHash: data.token ? hashToken(data.token) : null,
		submittedAt: now
	};
}

/** Maps a committer outcome to the HTTP result, or the error it stands for. */
export function resolveOutcome(uuid: string, o: Outcome): IntakeResult {
	switch (o.kind) {
		case 'stored':
		case 'duplicate':
			return present(uuid.toLowerCase(), o);
		case 'conflict':
			throw new AppError('survey.duplicate_conflict', 'A different response was already stored with this id (uuid).');
		case 'token_used':
			throw new AppError('survey.token_used', 'This invitation link has already been used.');
		case 'token_invalid':
			throw new AppError('survey.token_invalid', 'This invitation link is not valid for this survey.');
	}
}

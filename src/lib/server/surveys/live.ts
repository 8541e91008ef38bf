/**
 * The live feed of a survey (staff), as Server-Sent Events: the response count with counts by
 * channel and by district (SQL GROUP BY), quota progress, the newest open-text answers with a
 * sentiment marker, and emerging terms. A snapshot is sent when something changed, a comment
 * line otherwise, every `intervalMs`; the stream ends when the client goes away.
 *
 * Cost per tick: three aggregate queries (count, by channel, by district), the quota counts, the
 * district names and the newest response id. The open-text part reads only the newest
 * `TEXT_WINDOW` responses, and only when the newest id or the count changed (cached per survey).
 */
import type { Actor } from '../../domain/auth/policies';
import { fold } from '../../domain/results/themes';
import type { Answers } from '../../domain/surveys/answers';
import { emergingTerms, type EmergingTerm } from '../../domain/surveys/emerging';
import { allQuestions, type Questionnaire } from '../../domain/surveys/questionnaire';
import type { QuotaProgress } from '../../domain/surveys/quotas';
import { sentiment, type Sentiment } from '../../domain/surveys/sentiment';
import { districtRepo } from '../accounts/repository';
import type { Database_ } from '../db/client';
import { responseRepo, versionRepo, type SurveyRow } from './repository';

/** Responses read for the open-text stream and the emerging terms (newest first). */
export const TEXT_WINDOW = 300;
/** Open-text answers sent per snapshot. */
export const TEXT_LIMIT = 50;
/** Longest `q` filter accepted (longer is cut). */
const MAX_Q = 100;

export interface LiveCount {
	/** Channel name or district code ('' for responses without a district). */
	key: string;
	label: string;
	count: number;
}

export interface LiveTextAnswer {
	/** `<response id>:<question key>`, stable across snapshots. */
	id: string;
	submittedAt: string;
	channel: string;
	language: string;
	district: string | null;
	/** The question's English text (staff page). */
	question: string;
	text: string;
	sentiment: Sentiment;
}

export interface LiveSnapshot {
	responses: number;
	byChannel: LiveCount[];
	byDistrict: LiveCount[];
	/** Count against target per quota cell (empty when the survey has no quotas). */
	quotas: QuotaProgress[];
	/** Newest open-text answers first (at most TEXT_LIMIT, filtered by `q` when given). */
	texts: LiveTextAnswer[];
	/** Terms rising above their usual share (domain/surveys/emerging.ts), over TEXT_WINDOW responses. */
	emerging: EmergingTerm[];
	/** The server-side filter applied to `texts` ('' for none). */
	q: string;
}

interface TextPart {
	key: string;
	answers: (LiveTextAnswer & { folded: string })[];
	emerging: EmergingTerm[];
}

const byCountThenKey = (a: LiveCount, b: LiveCount) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function createLiveFeed(deps: {
	database: Database_;
	row: (actor: Actor, id: string, action: 'survey.read') => SurveyRow;
	quotas?: (s: SurveyRow) => { progress: QuotaProgress[] };
}) {
	const { db } = deps.database;
	/** Per survey: the open-text part of the last snapshot, reused until a response arrives. */
	const cache = new Map<string, TextPart>();

	/** Text questions (key → English label) of each version of the survey. */
	function textQuestions(s: SurveyRow): Map<string, Map<string, string>> {
		const out = new Map<string, Map<string, string>>();
		for (const v of versionRepo.list(db, s.organizationId, s.id)) {
			const qs = allQuestions(v.questionnaire as Questionnaire).filter((q) => q.type === 'short_text' || q.type === 'long_text');
			out.set(v.id, new Map(qs.map((q) => [q.key, q.text.en])));
		}
		return out;
	}

	function textPart(s: SurveyRow, count: number): TextPart {
		const key = `${count}:${responseRepo.newestId(db, s.organizationId, s.id)}`;
		const hit = cache.get(s.id);
		if (hit?.key === key) return hit;
		const questions = textQuestions(s);
		const answers: TextPart['answers'] = [];
		const perResponse: string[] = [];
		for (const r of responseRepo.latest(db, s.organizationId, s.id, TEXT_WINDOW)) {
			const qs = questions.get(r.versionId);
			if (!qs) continue;
			const given = r.answers as Answers;
			const texts: string[] = [];
			for (const [k, label] of qs) {
				const v = given[k];
				if (typeof v !== 'string' || !v.trim()) continue;
				texts.push(v);
				answers.push({
					id: `${r.id}:${k}`,
					submittedAt: new Date(r.submittedAt).toISOString(),
					channel: r.channel,
					language: r.language,
					district: r.district,
					question: label,
					text: v,
					sentiment: sentiment(v),
					folded: fold(`${v} ${label}`)
				});
			}
			if (texts.length) perResponse.push(texts.join('\n'));
		}
		const part = { key, answers, emerging: emergingTerms(perResponse) };
		cache.delete(s.id);
		cache.set(s.id, part);
		if (cache.size > 200) cache.delete(cache.keys().next().value!);
		return part;
	}

	function snapshot(actor: Actor, id: string, opts: { q?: string } = {}): LiveSnapshot {
		const s = deps.row(actor, id, 'survey.read');
		const { organizationId } = s;
		const responses = responseRepo.count(db, organizationId, s.id);
		const names = new Map(districtRepo.list(db, organizationId).map((d) => [d.code, d.name]));
		const q = (opts.q ?? '').trim().slice(0, MAX_Q);
		const needle = fold(q);
		const part = textPart(s, responses);
		return {
			responses,
			byChannel: responseRepo
				.countsBy(db, organizationId, s.id, 'channel')
				.map((r) => ({ key: r.key ?? '', label: r.key ?? '', count: r.n }))
				.sort(byCountThenKey),
			byDistrict: responseRepo
				.countsBy(db, organizationId, s.id, 'district')
				.map((r) => ({ key: r.key ?? '', label: r.key === null ? 'Not given' : (names.get(r.key) ?? r.key), count: r.n }))
				.sort((a, b) => Number(a.key === '') - Number(b.key === '') || byCountThenKey(a, b)),
			quotas: deps.quotas?.(s).progress ?? [],
			texts: (needle ? part.answers.filter((a) => a.folded.includes(needle)) : part.answers)
				.slice(0, TEXT_LIMIT)
				// eslint-disable-next-line @typescript-eslint/no-unused-vars
				.map(({ folded, ...a }) => a),
			emerging: part.emerging.map((e) => ({ ...e, z: Math.round(e.z * 100) / 100 })),
			q
		};
	}
	return {
		snapshot,
		/** An SSE stream for survey `id` (authorized now; later ticks re-check the same scope). */
		stream(actor: Actor, id: string, signal: AbortSignal, opts: { q?: string; intervalMs?: number } = {}): ReadableStream<Uint8Array> {
			snapshot(actor, id, opts);
			const enc = new TextEncoder();
			let timer: ReturnType<typeof setInterval> | undefined;
			let last = '';
			return new ReadableStream<Uint8Array>({
				start(controller) {
					const stop = () => {
						clearInterval(timer);
						try {
							controller.close();
						} catch {
							/* already closed */
						}
					};
					const tick = () => {
						try {
							const data = JSON.stringify(snapshot(actor, id, opts));
							controller.enqueue(enc.encode(data === last ? ': ping\n\n' : `data: ${data}\n\n`));
							last = data;
						} catch {
							stop();
						}
					};
					tick();
					timer = setInterval(tick, opts.intervalMs ?? 2000);
					signal.addEventListener('abort', stop);
				},
				cancel() {
					clearInterval(timer);
				}
			});
		}
	};
}

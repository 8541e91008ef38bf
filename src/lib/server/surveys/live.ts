/**
 * The live feed of a survey (staff), as Server-Sent Events: the response count with counts by
 * channel and by district (SQL GROUP BY), quota progress, the newest open-text answers with a
 * sentiment marker, and emerging terms. A snapshot is sent when something changed, a comment
 * line otherwise, every `intervalMs`; the stream ends when the client goes away.
 *
 * Cost per tick: one `count(*), max(id)` of the survey (index only), the district names and the
 * quota counts (kept incrementally by quotas.ts). Counts by channel and district are kept per
 * survey like the quota counts: only responses that arrived since the last tick are grouped
 * (ids only grow; anything else, a deletion, recounts with one GROUP BY). The open-text part reads
 * only the newest `TEXT_WINDOW` responses, and only when something arrived (cached per survey).
 * `bench/live-feed.ts` measures a tick.
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
	/** Newest open-text answers first (at most TEXT_LIMIT; with `q`, those whose text or question contains it). */
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
	const { db, sqlite } = deps.database;
	/** Per survey: the open-text part of the last snapshot, reused until a response arrives. */
	const cache = new Map<string, TextPart>();
	/** Per survey: responses by channel × district up to id `last` (`n` in all). */
	const counted = new Map<string, { n: number; last: number; groups: Map<string, number> }>();

	// By survey id alone (the survey row was found inside the organization), so the count is
	// answered from the (survey_id, submitted_at) index without reading the rows.
	const stamp = sqlite.prepare<[string], { n: number; last: number | null }>(
		'SELECT count(*) AS n, max(id) AS last FROM survey_responses WHERE survey_id = ?'
	);
	const grouped = sqlite.prepare<[string, string, number, number], { channel: string; district: string | null; n: number }>(
		`SELECT channel, district, count(*) AS n FROM survey_responses
		 WHERE survey_id = ? AND organization_id = ? AND id > ? AND id <= ? GROUP BY channel, district`
	);

	/** Responses by channel and district (key: JSON [channel, district]), counted incrementally. */
	function groupCounts(s: SurveyRow, n: number, last: number): Map<string, number> {
		const hit = counted.get(s.id);
		if (hit && hit.last === last && hit.n === n) return hit.groups;
		const from = hit && last >= hit.last ? hit : null;
		const groups = new Map(from?.groups);
		let added = 0;
		for (const r of grouped.all(s.id, s.organizationId, from?.last ?? 0, last)) {
			const k = JSON.stringify([r.channel, r.district]);
			groups.set(k, (groups.get(k) ?? 0) + r.n);
			added += r.n;
		}
		// Rows at or below the counted id changed (a deletion): count from scratch.
		if (from && from.n + added !== n) {
			counted.delete(s.id);
			return groupCounts(s, n, last);
		}
		if (counted.size > 1000) counted.clear();
		counted.set(s.id, { n, last, groups });
		return groups;
	}

	function tally(groups: Map<string, number>, pick: 0 | 1): Map<string | null, number> {
		const out = new Map<string | null, number>();
		for (const [k, n] of groups) {
			const key = (JSON.parse(k) as [string, string | null])[pick];
			out.set(key, (out.get(key) ?? 0) + n);
		}
		return out;
	}

	/** Text questions (key → English label) of each version of the survey. */
	function textQuestions(s: SurveyRow): Map<string, Map<string, string>> {
		const out = new Map<string, Map<string, string>>();
		for (const v of versionRepo.list(db, s.organizationId, s.id)) {
			const qs = allQuestions(v.questionnaire as Questionnaire).filter((q) => q.type === 'short_text' || q.type === 'long_text');
			out.set(v.id, new Map(qs.map((q) => [q.key, q.text.en])));
		}
		return out;
	}

	function textPart(s: SurveyRow, key: string): TextPart {
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
		const st = stamp.get(s.id) ?? { n: 0, last: null };
		const last = st.last ?? 0;
		const groups = groupCounts(s, st.n, last);
		const names = new Map(districtRepo.list(db, organizationId).map((d) => [d.code, d.name]));
		const q = (opts.q ?? '').trim().slice(0, MAX_Q);
		const needle = fold(q);
		const part = textPart(s, `${st.n}:${last}`);
		return {
			responses: st.n,
			byChannel: [...tally(groups, 0)].map(([k, n]) => ({ key: k ?? '', label: k ?? '', count: n })).sort(byCountThenKey),
			byDistrict: [...tally(groups, 1)]
				.map(([k, n]) => ({ key: k ?? '', label: k === null ? 'Not given' : (names.get(k) ?? k), count: n }))
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

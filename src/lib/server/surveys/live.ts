/**
 * The live feed of a survey (staff): the response count and the newest responses with their
 * open-text answers, as Server-Sent Events. A snapshot is sent when something changed, a comment
 * line otherwise, every `intervalMs`; the stream ends when the client goes away.
 */
import type { Actor } from '../../domain/auth/policies';
import type { Answers } from '../../domain/surveys/answers';
import type { QuotaProgress } from '../../domain/surveys/quotas';
import type { Database_ } from '../db/client';
import { responseRepo, type SurveyRow } from './repository';

export interface LiveSnapshot {
	responses: number;
	latest: { submittedAt: string; channel: string; language: string; district: string | null; text: string | null }[];
	/** Count against target per quota cell (empty when the survey has no quotas). */
	quotas: QuotaProgress[];
}

function firstText(answers: Answers): string | null {
	for (const v of Object.values(answers)) if (typeof v === 'string' && v.length > 12 && / /.test(v)) return v.slice(0, 280);
	return null;
}

export function createLiveFeed(deps: {
	database: Database_;
	row: (actor: Actor, id: string, action: 'survey.read') => SurveyRow;
	quotas?: (s: SurveyRow) => { progress: QuotaProgress[] };
}) {
	const { db } = deps.database;
	function snapshot(actor: Actor, id: string): LiveSnapshot {
		const s = deps.row(actor, id, 'survey.read');
		return {
			responses: responseRepo.count(db, s.organizationId, s.id),
			latest: responseRepo.latest(db, s.organizationId, s.id, 5).map((r) => ({
				submittedAt: new Date(r.submittedAt).toISOString(),
				channel: r.channel,
				language: r.language,
				district: r.district,
				text: firstText(r.answers as Answers)
			})),
			quotas: deps.quotas?.(s).progress ?? []
		};
	}
	return {
		snapshot,
		/** An SSE stream for survey `id` (authorized now; later ticks re-check the same scope). */
		stream(actor: Actor, id: string, signal: AbortSignal, intervalMs = 2000): ReadableStream<Uint8Array> {
			snapshot(actor, id);
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
							const data = JSON.stringify(snapshot(actor, id));
							controller.enqueue(enc.encode(data === last ? ': ping\n\n' : `data: ${data}\n\n`));
							last = data;
						} catch {
							stop();
						}
					};
					tick();
					timer = setInterval(tick, intervalMs);
					signal.addEventListener('abort', stop);
				},
				cancel() {
					clearInterval(timer);
				}
			});
		}
	};
}

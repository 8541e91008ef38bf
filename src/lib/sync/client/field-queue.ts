/**
 * Field intercept mode on this device: each response queued in the outbox (channel `field`, a UUID
 * made here, frozen) with a small tally so the kiosk can say how many were sent without keeping
 * them. The questionnaire itself comes with the page, which the service worker's page cache keeps
 * for reloads with no network.
 */
import type { Answers } from '$lib/domain/surveys/answers';
import type { LocalDb, OutboxRow } from './local-store';
import { enqueue } from './outbox';

/** Responses this device queued and discarded for one survey (delivered ones leave the outbox). */
export interface FieldTally {
	queued: number;
	discarded: number;
}

const tallyKey = (id: string) => `field-tally:${id}`;

export async function readTally(db: LocalDb, id: string): Promise<FieldTally> {
	return ((await db.meta.get(tallyKey(id)))?.value as FieldTally | undefined) ?? { queued: 0, discarded: 0 };
}

/** Queues one response and counts it, in one IndexedDB transaction (both or neither). */
export async function queueResponse(
	db: LocalDb,
	survey: { id: string; postUrl: string },
	r: { uuid: string; answers: Answers; language: string }
): Promise<void> {
	await db.transaction('rw', db.outbox, db.meta, async () => {
		await enqueue(db, {
			id: r.uuid,
			url: survey.postUrl,
			body: { uuid: r.uuid, answers: r.answers, channel: 'field', language: r.language }
		});
		const t = await readTally(db, survey.id);
		await db.meta.put({ key: tallyKey(survey.id), value: { ...t, queued: t.queued + 1 } satisfies FieldTally });
	});
}

/** Discards a refused response knowingly (the person confirmed), and counts it. */
export async function discardResponse(db: LocalDb, surveyId: string, outboxId: string): Promise<void> {
	await db.transaction('rw', db.outbox, db.meta, async () => {
		if (!(await db.outbox.get(outboxId))) return;
		await db.outbox.delete(outboxId);
		const t = await readTally(db, surveyId);
		await db.meta.put({ key: tallyKey(surveyId), value: { ...t, discarded: t.discarded + 1 } satisfies FieldTally });
	});
}

export interface FieldCounters {
	/** Queued, not yet confirmed by the server. */
	pending: number;
	/** Confirmed by the server (they left the outbox with a 2xx). */
	sent: number;
	/** Refused by the server: kept for the person to see ("needs attention"). */
	failed: OutboxRow[];
}

/** The kiosk's counters for the survey posting to `postUrl`, from the outbox and the tally. */
export function fieldCounters(rows: readonly OutboxRow[], postUrl: string, tally: FieldTally): FieldCounters {
	const mine = rows.filter((r) => r.url === postUrl);
	const failed = mine.filter((r) => r.status === 'failed');
	const pending = mine.length - failed.length;
	return { pending, failed, sent: Math.max(0, tally.queued - tally.discarded - mine.length) };
}

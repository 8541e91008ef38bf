/**
 * `POST /api/v1/surveys/<id>/responses` once the caller is known: content type, body size, JSON,
 * then `intake.submit` → the JSON answer (201 stored, 200 replay, 4xx `{error}`). The one
 * implementation behind both the SvelteKit route and the process's fast path (intake-fast.ts).
 */
import type { Actor } from '../../domain/auth/policies';
import { appErrorAnswer, jsonAnswer, type Answer } from '../http/answer';
import { parseJsonBody } from '../http/api';
import type { createIntake } from './intake';

/** Largest accepted response body, in bytes. */
export const INTAKE_BODY_LIMIT = 200_000;

export interface IntakeRequest {
	surveyId: string;
	contentType: string | null;
	contentLength: string | null;
	/** Reads the body as text; called only when the type and declared length are acceptable. */
	readText: () => Promise<string>;
	ip: string;
	actor: Actor | null;
}

export async function answerIntake(intake: Pick<ReturnType<typeof createIntake>, 'submit'>, r: IntakeRequest): Promise<Answer> {
	try {
		const body = await parseJsonBody(r.contentType, r.contentLength, r.readText, INTAKE_BODY_LIMIT);
		const result = await intake.submit(r.surveyId, body, { ip: r.ip, actor: r.actor });
		return jsonAnswer(result.body, result.status);
	} catch (e) {
		return appErrorAnswer(e);
	}
}

/** Maps `AppError` to what each transport returns. Anything else is a 500 with no detail. */
import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { isAppError } from '../../domain/errors';
import { appErrorAnswer, toResponse } from './answer';

export interface FormFailure {
	message: string;
	code: string;
	fields?: Record<string, string>;
	values?: Record<string, string>;
}

/** For form actions: the message, the field errors and the values to refill (never passwords). */
export function actionError(e: unknown, values: Record<string, unknown> = {}): ActionFailure<FormFailure> {
	if (!isAppError(e)) throw e;
	const safe: Record<string, string> = {};
	for (const [k, v] of Object.entries(values)) if (typeof v === 'string' && !/password/i.test(k)) safe[k] = v;
	return fail(e.status, { message: e.message, code: e.code, fields: e.fields, values: safe });
}

/** For `+server.ts` JSON endpoints. */
export function jsonError(e: unknown): Response {
	return toResponse(appErrorAnswer(e));
}

/** For `load` functions: a proper error page. */
export function loadError(e: unknown): never {
	if (!isAppError(e)) throw e;
	error(e.status, e.message);
}

/** Form data as a plain object of strings (files and repeated keys are ignored here). */
export async function formObject(request: Request): Promise<Record<string, string>> {
	const form = await request.formData();
	const out: Record<string, string> = {};
	for (const [k, v] of form) if (typeof v === 'string' && !(k in out)) out[k] = v;
	return out;
}

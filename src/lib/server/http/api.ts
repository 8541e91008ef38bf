/** Helpers for `/api/v1` endpoints: the actor, JSON bodies under a size limit, errors as JSON. */
import type { Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import { jsonError } from './errors';

export function apiActor(locals: App.Locals): Actor {
	if (!locals.actor) throw new AppError('auth.required', 'Sign in or send an API token (Authorization: Bearer …).');
	return locals.actor;
}

/** Runs `fn`, mapping `AppError` to a JSON error response. */
export async function api(fn: () => Response | Promise<Response>): Promise<Response> {
	try {
		return await fn();
	} catch (e) {
		return jsonError(e);
	}
}

/** Reads a JSON body of at most `limit` bytes; a clear 400/413/415 otherwise. */
export function readJson(request: Request, limit = 1_000_000): Promise<unknown> {
	return parseJsonBody(request.headers.get('content-type'), request.headers.get('content-length'), () => request.text(), limit);
}

/**
 * The rules of `readJson` on raw parts (content type, declared length, a body reader), for the
 * process's fast paths, which read bodies off node:http themselves. The reader is called only
 * once the type and declared length are acceptable.
 */
export async function parseJsonBody(
	contentType: string | null,
	contentLength: string | null,
	readText: () => Promise<string>,
	limit: number
): Promise<unknown> {
	if (!(contentType ?? '').includes('application/json')) throw new AppError('validation.failed', 'Send the body as application/json.');
	if (Number(contentLength ?? 0) > limit) throw new AppError('payload.too_large', `The body is larger than ${limit} bytes.`);
	const text = await readText();
	if (text.length > limit) throw new AppError('payload.too_large', `The body is larger than ${limit} bytes.`);
	try {
		return JSON.parse(text);
	} catch {
		throw new AppError('validation.failed', 'The body is not valid JSON.');
	}
}

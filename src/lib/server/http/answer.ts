/**
 * A transport-neutral HTTP answer (status, headers, body text) and the pieces of request handling
 * that both the SvelteKit hooks/routes and the process's fast paths (server/index.ts) need, so the
 * two cannot drift: security headers, the JSON error body, the CSRF/auth refusals.
 * No SvelteKit import here: server/ loads this through tsx.
 */
import { isAppError } from '../../domain/errors';

export interface Answer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** Set on every response that does not set them itself (hooks.server.ts and the fast paths). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY',
	'permissions-policy': 'camera=(self), geolocation=(self), microphone=()',
	'cross-origin-opener-policy': 'same-origin'
};

/** JSON body of `value` with `status` (what SvelteKit's `json()` produces). */
export function jsonAnswer(value: unknown, status = 200, headers: Record<string, string> = {}): Answer {
	return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

/** `AppError` → `{error: {code, message, fields}}` with its status (and Retry-After). Rethrows anything else. */
export function appErrorAnswer(e: unknown): Answer {
	if (!isAppError(e)) throw e;
	const headers: Record<string, string> = {};
	if (e.retryAfterSeconds) headers['retry-after'] = String(e.retryAfterSeconds);
	return jsonAnswer({ error: { code: e.code, message: e.message, fields: e.fields } }, e.status, headers);
}

/** Refusals made before any route runs (hooks.server.ts, the fast paths). */
export const REFUSALS = {
	badOrigin: (): Answer => jsonAnswer({ error: { code: 'auth.bad_origin', message: 'Cross-origin request refused.' } }, 403),
	badToken: (): Answer =>
		jsonAnswer({ error: { code: 'auth.required', message: 'The API token is not valid.' } }, 401, { 'www-authenticate': 'Bearer' })
};

export function toResponse(a: Answer): Response {
	return new Response(a.body, { status: a.status, headers: a.headers });
}

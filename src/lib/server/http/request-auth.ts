/**
 * Who is asking: the one decision hooks.server.ts and the process's fast paths make for every
 * request. A state-changing request carrying a session cookie must come from an allowed Origin;
 * an `Authorization: Bearer` API token wins over a cookie; an unknown or expired session cookie
 * is ignored (and cleared by the caller).
 */
import type { UserRow } from '../accounts/repository';
import type { AppContext } from '../context';
import type { ValidSession } from '../auth/session';
import { REFUSALS, type Answer } from './answer';
import { isSafeMethod, originAllowed } from './origin';

export type RequestAuth =
	| { kind: 'refused'; answer: Answer }
	| { kind: 'token'; user: UserRow }
	| { kind: 'session'; valid: ValidSession }
	| { kind: 'anonymous'; clearSessionCookie: boolean };

export function authenticateRequest(
	ctx: Pick<AppContext, 'accounts' | 'sessions' | 'config' | 'log'>,
	r: {
		method: string;
		path: string;
		selfOrigin: string;
		origin: string | null;
		authorization: string | null;
		sessionToken: string | undefined;
	}
): RequestAuth {
	// CSRF: any state-changing request that carries a session cookie must come from an allowed
	// origin, whatever its content type (SvelteKit's check covers form bodies only).
	if (r.sessionToken && !isSafeMethod(r.method) && !originAllowed(r.origin, r.selfOrigin, ctx.config.origins)) {
		ctx.log.warn({ path: r.path, origin: r.origin }, 'csrf.refused');
		return { kind: 'refused', answer: REFUSALS.badOrigin() };
	}
	if (r.authorization?.startsWith('Bearer ')) {
		const user = ctx.accounts.authenticateApiToken(r.authorization.slice(7).trim());
		return user ? { kind: 'token', user } : { kind: 'refused', answer: REFUSALS.badToken() };
	}
	if (r.sessionToken) {
		const valid = ctx.sessions.validate(r.sessionToken);
		if (valid) return { kind: 'session', valid };
		return { kind: 'anonymous', clearSessionCookie: true };
	}
	return { kind: 'anonymous', clearSessionCookie: false };
}

import { building } from '$app/environment';
import type { Handle, HandleServerError, RequestEvent } from '@sveltejs/kit';
import { LOCALE_COOKIE, isLocale, resolveLocale } from '$lib/i18n';
import { toActor } from '$lib/server/accounts/service';
import { presentMember } from '$lib/server/accounts/presenter';
import { app } from '$lib/server/app';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { SECURITY_HEADERS, toResponse } from '$lib/server/http/answer';
import { authenticateRequest } from '$lib/server/http/request-auth';
import type { UserRow } from '$lib/server/accounts/repository';

function setUser(event: RequestEvent, user: UserRow, auth: 'session' | 'token') {
	event.locals.user = presentMember(user);
	event.locals.actor = toActor(user);
	event.locals.auth = auth;
}

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.actor = null;
	event.locals.sessionId = null;
	event.locals.sessionToken = null;
	event.locals.auth = null;
	if (building) {
		// Prerendered pages (the offline fallback) have no query, cookies or database.
		event.locals.locale = 'en';
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', 'en') });
	}
	const locale = resolveLocale(
		event.url.searchParams.get('lang'),
		event.cookies.get(LOCALE_COOKIE),
		event.request.headers.get('accept-language')
	);
	event.locals.locale = locale;

	const ctx = app();
	const { request, cookies, url } = event;
	const sessionToken = cookies.get(SESSION_COOKIE);

	// The same decision as the process's fast paths (server/index.ts): Origin check for a
	// state-changing request with a session cookie, then Bearer token or session.
	const who = authenticateRequest(ctx, {
		method: request.method,
		path: url.pathname,
		selfOrigin: url.origin,
		origin: request.headers.get('origin'),
		authorization: request.headers.get('authorization'),
		sessionToken
	});
	if (who.kind === 'refused') return toResponse(who.answer);
	if (who.kind === 'token') setUser(event, who.user, 'token');
	else if (who.kind === 'session') {
		setUser(event, who.valid.user, 'session');
		event.locals.sessionId = who.valid.session.id;
		event.locals.sessionToken = sessionToken ?? null;
	} else if (who.clearSessionCookie) cookies.delete(SESSION_COOKIE, { path: '/' });

	if (isLocale(url.searchParams.get('lang')) && cookies.get(LOCALE_COOKIE) !== locale) {
		cookies.set(LOCALE_COOKIE, locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 31_536_000
		});
	}

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', locale)
	});
	for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!response.headers.has(k)) response.headers.set(k, v);
	if (event.locals.user && !response.headers.has('cache-control')) response.headers.set('cache-control', 'private, no-cache');
	return response;
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const id = crypto.randomUUID().slice(0, 8);
	if (status !== 404 && !building) {
		app().log.error(
			{ id, path: event.url.pathname, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) },
			'request.error'
		);
	}
	return { message: status === 404 ? 'Not found' : message === 'Internal Error' ? 'Something went wrong on our side.' : message, id };
};

import { building } from '$app/environment';
import type { Handle, HandleServerError, RequestEvent } from '@sveltejs/kit';
import { LOCALE_COOKIE, isLocale, resolveLocale } from '$lib/i18n';
import { toActor } from '$lib/server/accounts/service';
import { presentMember } from '$lib/server/accounts/presenter';
import { app } from '$lib/server/app';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { isSafeMethod, originAllowed } from '$lib/server/http/origin';
import type { UserRow } from '$lib/server/accounts/repository';

const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY',
	'permissions-policy': 'camera=(self), geolocation=(self), microphone=()',
	'cross-origin-opener-policy': 'same-origin'
};

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

	// CSRF: any state-changing request that carries a session cookie must come from an allowed
	// origin, whatever its content type (SvelteKit's check covers form bodies only).
	if (sessionToken && !isSafeMethod(request.method)) {
		if (!originAllowed(request.headers.get('origin'), url.origin, ctx.config.origins)) {
			ctx.log.warn({ path: url.pathname, origin: request.headers.get('origin') }, 'csrf.refused');
			return new Response(JSON.stringify({ error: { code: 'auth.bad_origin', message: 'Cross-origin request refused.' } }), {
				status: 403,
				headers: { 'content-type': 'application/json' }
			});
		}
	}

	const authorization = request.headers.get('authorization');
	if (authorization?.startsWith('Bearer ')) {
		const user = ctx.accounts.authenticateApiToken(authorization.slice(7).trim());
		if (!user)
			return new Response(JSON.stringify({ error: { code: 'auth.required', message: 'The API token is not valid.' } }), {
				status: 401,
				headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }
			});
		setUser(event, user, 'token');
	} else if (sessionToken) {
		const valid = ctx.sessions.validate(sessionToken);
		if (valid) {
			setUser(event, valid.user, 'session');
			event.locals.sessionId = valid.session.id;
			event.locals.sessionToken = sessionToken;
		} else {
			cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}

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

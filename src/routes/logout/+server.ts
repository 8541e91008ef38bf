import { redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import type { RequestHandler } from './$types';

/** Sign out: the session ends on the server, not only in the browser. */
export const POST: RequestHandler = ({ locals, cookies }) => {
	if (locals.sessionToken) app().accounts.logout(locals.sessionToken, locals.actor ?? undefined);
	clearSessionCookie(cookies);
	redirect(303, '/login?signedout=1');
};

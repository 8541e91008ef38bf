import { redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { actionError, formObject } from '$lib/server/http/errors';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths, so the login form cannot be used as an open redirect. */
function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/home';
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (app().accounts.needsSetup()) redirect(303, '/setup');
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next')), demo: app().config.demo };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await formObject(request);
		let result;
		try {
			result = await app().accounts.login(form, getClientAddress());
		} catch (e) {
			return actionError(e, { email: form.email });
		}
		setSessionCookie(cookies, url, result.token, result.expiresAt);
		redirect(303, `${safeNext(url.searchParams.get('next'))}${url.searchParams.has('next') ? '' : '?welcome=1'}`);
	}
};

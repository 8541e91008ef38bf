import { redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { actionError, formObject } from '$lib/server/http/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	if (!app().accounts.needsSetup()) redirect(303, '/login');
	return { timeZones: Intl.supportedValuesOf('timeZone') };
};

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const form = await formObject(request);
		let session;
		try {
			session = await app().accounts.setup(form);
		} catch (e) {
			return actionError(e, form);
		}
		setSessionCookie(cookies, url, session.token, session.expiresAt);
		redirect(303, '/home?welcome=1');
	}
};

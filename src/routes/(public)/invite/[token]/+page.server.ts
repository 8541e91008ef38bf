import { redirect } from '@sveltejs/kit';
import { ROLE_LABELS } from '$lib/domain/auth/roles';
import { isAppError } from '$lib/domain/errors';
import { app } from '$lib/server/app';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { actionError, formObject } from '$lib/server/http/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, setHeaders }) => {
	// The token is a secret in the URL: keep it out of referrers and caches.
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
	try {
		const inv = app().accounts.invitation(params.token);
		return { ok: true as const, email: inv.email, role: ROLE_LABELS[inv.role], organization: inv.organizationName };
	} catch (e) {
		if (!isAppError(e)) throw e;
		return { ok: false as const, message: e.message, code: e.code };
	}
};

export const actions: Actions = {
	default: async ({ request, params, cookies, url }) => {
		const form = await formObject(request);
		let session;
		try {
			session = await app().accounts.acceptInvitation(params.token, form);
		} catch (e) {
			return actionError(e, { name: form.name });
		}
		setSessionCookie(cookies, url, session.token, session.expiresAt);
		redirect(303, '/home?welcome=1');
	}
};

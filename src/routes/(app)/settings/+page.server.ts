import { app } from '$lib/server/app';
import { actionError, formObject } from '$lib/server/http/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	tokens: app().accounts.listApiTokens(locals.actor!),
	version: app().version
});

export const actions: Actions = {
	profile: async ({ request, locals }) => {
		const form = await formObject(request);
		try {
			app().accounts.updateProfile(locals.actor!, form);
			return { done: 'Your name is saved.' };
		} catch (e) {
			return actionError(e, form);
		}
	},
	password: async ({ request, locals }) => {
		const form = await formObject(request);
		try {
			await app().accounts.changePassword(locals.actor!, locals.sessionId ?? '', form);
			return { done: 'Password changed. Your other devices were signed out.' };
		} catch (e) {
			return actionError(e);
		}
	},
	createToken: async ({ request, locals }) => {
		const form = await formObject(request);
		try {
			const { token, view } = app().accounts.createApiToken(locals.actor!, form);
			return { token, tokenName: view.name };
		} catch (e) {
			return actionError(e, form);
		}
	},
	revokeToken: async ({ request, locals }) => {
		const form = await formObject(request);
		try {
			app().accounts.revokeApiToken(locals.actor!, form.id ?? '');
			return { done: 'Token revoked.' };
		} catch (e) {
			return actionError(e);
		}
	}
};

import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/auth/policies';
import { app } from '$lib/server/app';
import { actionError, formObject } from '$lib/server/http/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	surveys: app().surveys.list(locals.actor!),
	canDesign: can(locals.actor, 'survey.design')
});

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await formObject(request);
		let id: string;
		try {
			id = app().surveys.create(locals.actor!, form);
		} catch (e) {
			return actionError(e, form);
		}
		redirect(303, `/surveys/${id}/edit`);
	}
};

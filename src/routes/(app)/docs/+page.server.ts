import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/auth/policies';
import { app } from '$lib/server/app';
import { createDocService } from '$lib/server/docs/service';
import { actionError, formObject, loadError } from '$lib/server/http/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	try {
		return { docs: createDocService(app()).list(actor), canCreate: can(actor, 'doc.create') };
	} catch (e) {
		loadError(e);
	}
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await formObject(request);
		let name: string;
		try {
			name = createDocService(app()).create(locals.actor!, { kind: 'checklist', title: form.title ?? '', template: 'cycle' }).name;
		} catch (e) {
			return actionError(e, form);
		}
		redirect(303, `/docs/${name}`);
	}
};

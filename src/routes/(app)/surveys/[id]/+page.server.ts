import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/auth/policies';
import { app } from '$lib/server/app';
import { actionError, formObject, loadError } from '$lib/server/http/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = locals.actor!;
	try {
		const survey = app().surveys.get(actor, params.id);
		// The last two versions unless the person chose others.
		const numbers = survey.versions.map((v) => v.number);
		const from = Number(url.searchParams.get('from')) || (numbers.at(-2) ?? 0);
		const to = Number(url.searchParams.get('to')) || (numbers.at(-1) ?? 0);
		const diff = from && to && numbers.length > 1 ? { from, to, ...app().surveys.diff(actor, params.id, from, to) } : null;
		return {
			survey,
			quotas: app().surveys.quotas.get(actor, params.id),
			diff,
			origin: url.origin,
			canDesign: can(actor, 'survey.design'),
			canApprove: can(actor, 'survey.approve'),
			canExport: can(actor, 'survey.export'),
			canCollect: can(actor, 'survey.collect')
		};
	} catch (e) {
		loadError(e);
	}
};

export const actions: Actions = {
	act: async ({ request, locals, params }) => {
		const form = await formObject(request);
		try {
			const status = app().surveys.act(locals.actor!, params.id, form);
			return { done: `The survey is now ${status}.` };
		} catch (e) {
			return actionError(e, form);
		}
	},
	settings: async ({ request, locals, params }) => {
		const form = await formObject(request);
		try {
			app().surveys.updateSettings(locals.actor!, params.id, form);
			return { done: 'Settings saved.' };
		} catch (e) {
			return actionError(e, form);
		}
	},
	quotas: async ({ request, locals, params }) => {
		const form = await formObject(request);
		try {
			app().surveys.quotas.saveForm(locals.actor!, params.id, form);
			return { done: 'Quotas saved.', quotasSaved: true };
		} catch (e) {
			return actionError(e, { ...form, quotaForm: 'true' });
		}
	},
	copy: async ({ locals, params }) => {
		let id: string;
		try {
			id = app().surveys.copy(locals.actor!, params.id);
		} catch (e) {
			return actionError(e);
		}
		redirect(303, `/surveys/${id}`);
	}
};

import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/auth/policies';
import { KPI_SOURCES, KPI_SOURCE_LABELS } from '$lib/domain/cycles/schemas';
import { app } from '$lib/server/app';
import { actionError, formObject, loadError } from '$lib/server/http/errors';
import { createKpiService } from '$lib/server/kpis/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	try {
		const kpis = createKpiService(app());
		return {
			kpis: kpis.list(actor),
			focusAreas: kpis.focusAreas(actor),
			canManage: can(actor, 'cycle.manage'),
			sources: KPI_SOURCES.map((s) => ({ value: s, label: KPI_SOURCE_LABELS[s] })),
			members: app()
				.accounts.listMembers(actor)
				.filter((m) => m.status === 'active')
				.map((m) => ({ value: m.id, label: m.name }))
		};
	} catch (e) {
		loadError(e);
	}
};

export const actions: Actions = {
	createKpi: async ({ request, locals }) => {
		const form = await formObject(request);
		let id: string;
		try {
			id = createKpiService(app()).create(locals.actor!, form).id;
		} catch (e) {
			return actionError(e, form);
		}
		redirect(303, `/kpis/${id}`);
	},
	createFocusArea: async ({ request, locals }) => {
		const form = await formObject(request);
		try {
			createKpiService(app()).createFocusArea(locals.actor!, form);
			return { focusCreated: true };
		} catch (e) {
			return actionError(e, { ...form, form: 'focus' });
		}
	},
	updateFocusArea: async ({ request, locals }) => {
		const form = await formObject(request);
		try {
			createKpiService(app()).updateFocusArea(locals.actor!, form.id ?? '', form);
			return { focusUpdated: true };
		} catch (e) {
			return actionError(e, { ...form, form: 'focus' });
		}
	},
	removeFocusArea: async ({ request, locals }) => {
		const form = await formObject(request);
		try {
			createKpiService(app()).removeFocusArea(locals.actor!, form.id ?? '');
			return { focusRemoved: true };
		} catch (e) {
			return actionError(e);
		}
	}
};

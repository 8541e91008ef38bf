import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/auth/policies';
import { KPI_SOURCES, KPI_SOURCE_LABELS } from '$lib/domain/cycles/schemas';
import { app } from '$lib/server/app';
import { actionError, formObject, loadError } from '$lib/server/http/errors';
import { createKpiService } from '$lib/server/kpis/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const actor = locals.actor!;
	try {
		const kpis = createKpiService(app());
		return {
			...kpis.get(actor, params.id),
			focusAreas: kpis.focusAreas(actor),
			canManage: can(actor, 'cycle.manage'),
			canRecord: can(actor, 'kpi.record'),
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
	reading: async ({ request, locals, params }) => {
		const form = await formObject(request);
		try {
			createKpiService(app()).addReading(locals.actor!, params.id, form);
			return { readingAdded: true };
		} catch (e) {
			return actionError(e, { ...form, form: 'reading' });
		}
	},
	removeReading: async ({ request, locals, params }) => {
		const form = await formObject(request);
		try {
			createKpiService(app()).removeReading(locals.actor!, params.id, form.id ?? '');
			return { readingRemoved: true };
		} catch (e) {
			return actionError(e);
		}
	},
	import: async ({ request, locals, params }) => {
		const form = await request.formData();
		const file = form.get('file');
		const pasted = form.get('csv');
		try {
			const text = file instanceof File && file.size > 0 ? await file.text() : typeof pasted === 'string' ? pasted : '';
			const { imported } = createKpiService(app()).importCsv(locals.actor!, params.id, text);
			return { imported };
		} catch (e) {
			return actionError(e, { form: 'import' });
		}
	},
	update: async ({ request, locals, params }) => {
		const form = await formObject(request);
		try {
			createKpiService(app()).update(locals.actor!, params.id, form);
			return { updated: true };
		} catch (e) {
			return actionError(e, { ...form, form: 'edit' });
		}
	},
	remove: async ({ locals, params }) => {
		try {
			createKpiService(app()).remove(locals.actor!, params.id);
		} catch (e) {
			return actionError(e);
		}
		redirect(303, '/kpis');
	}
};

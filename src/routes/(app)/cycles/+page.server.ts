import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/auth/policies';
import { CYCLE_KINDS, CYCLE_KIND_LABELS } from '$lib/domain/cycles/phases';
import { app } from '$lib/server/app';
import { createCycleService } from '$lib/server/cycles/service';
import { actionError, loadError } from '$lib/server/http/errors';
import { createKpiService } from '$lib/server/kpis/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	try {
		return {
			cycles: createCycleService(app()).list(actor),
			canManage: can(actor, 'cycle.manage'),
			ownTemplate: createCycleService(app()).hasOwnTemplate(actor),
			kinds: CYCLE_KINDS.map((k) => ({ value: k, label: CYCLE_KIND_LABELS[k] })),
			focusAreas: createKpiService(app()).focusAreas(actor),
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
	/** Opens the organization's checklist template in the checklist editor (created on first use). */
	template: async ({ locals }) => {
		let name: string;
		try {
			name = createCycleService(app()).ensureTemplate(locals.actor!);
		} catch (e) {
			return actionError(e, {});
		}
		redirect(303, `/docs/${encodeURIComponent(name)}`);
	},
	create: async ({ request, locals }) => {
		const form = await request.formData();
		const values = {
			name: String(form.get('name') ?? ''),
			kind: String(form.get('kind') ?? ''),
			periodStart: String(form.get('periodStart') ?? ''),
			periodEnd: String(form.get('periodEnd') ?? ''),
			ownerId: String(form.get('ownerId') ?? ''),
			focusAreaIds: form.getAll('focusAreaIds').map(String)
		};
		let id: string;
		try {
			id = createCycleService(app()).create(locals.actor!, values).id;
		} catch (e) {
			return actionError(e, values);
		}
		redirect(303, `/cycles/${id}`);
	}
};

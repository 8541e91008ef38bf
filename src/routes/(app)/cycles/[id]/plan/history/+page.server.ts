import { app } from '$lib/server/app';
import { can } from '$lib/domain/auth/policies';
import { actionError, loadError } from '$lib/server/http/errors';
import { createCycleService } from '$lib/server/cycles/service';
import { createPlanService } from '$lib/server/plans/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = locals.actor!;
	try {
		const cycle = createCycleService(app()).load(actor, params.id);
		return {
			cycle: { id: cycle.id, name: cycle.name },
			versions: createPlanService(app()).versions(actor, params.id),
			edits: createPlanService(app()).history(actor, params.id, { before: url.searchParams.get('before') ?? undefined }),
			timeline: createCycleService(app()).timeline(actor, params.id),
			canEdit: can(actor, 'plan.edit', cycle)
		};
	} catch (e) {
		loadError(e);
	}
};

export const actions: Actions = {
	save: async ({ request, locals, params }) => {
		const form = await request.formData();
		try {
			createPlanService(app()).saveVersion(locals.actor!, params.id, form.get('label'));
			return { saved: true };
		} catch (e) {
			return actionError(e);
		}
	},
	restore: async ({ request, locals, params }) => {
		const form = await request.formData();
		try {
			createPlanService(app()).restoreVersion(locals.actor!, params.id, String(form.get('version') ?? ''));
			return { restored: true };
		} catch (e) {
			return actionError(e);
		}
	},
	restoreEdit: async ({ request, locals, params }) => {
		const form = await request.formData();
		try {
			createPlanService(app()).restoreEdit(locals.actor!, params.id, Number(form.get('upTo')));
			return { restoredEdit: true };
		} catch (e) {
			return actionError(e);
		}
	}
};

import { can } from '$lib/domain/auth/policies';
import { app } from '$lib/server/app';
import { actionError, loadError } from '$lib/server/http/errors';
import { createPlanService } from '$lib/server/plans/service';
import { readProgressForm } from '$lib/server/progress/request';
import { createProgressService } from '$lib/server/progress/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const actor = locals.actor!;
	try {
		const detail = createPlanService(app()).action(actor, params.id);
		return {
			...detail,
			canLog: can(actor, 'progress.logAny') || (can(actor, 'progress.log') && detail.mine),
			formKey: crypto.randomUUID()
		};
	} catch (e) {
		loadError(e);
	}
};

export const actions: Actions = {
	log: async ({ request, locals, params }) => {
		try {
			const f = await readProgressForm(request);
			const r = await createProgressService(app()).log(locals.actor!, params.id, f.key, f.body, f.photos);
			return { logged: r.log.id };
		} catch (e) {
			return actionError(e);
		}
	}
};

import { app } from '$lib/server/app';
import { actionError, loadError } from '$lib/server/http/errors';
import { createPlanService } from '$lib/server/plans/service';
import { readProgressForm } from '$lib/server/progress/request';
import { createProgressService } from '$lib/server/progress/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	try {
		return {
			actions: createPlanService(app()).myActions(locals.actor!),
			formKey: crypto.randomUUID(),
			generatedAt: new Date().toISOString()
		};
	} catch (e) {
		loadError(e);
	}
};

export const actions: Actions = {
	/** Without JavaScript: the same idempotent log (the key was made when the page was rendered). */
	log: async ({ request, locals }) => {
		try {
			const f = await readProgressForm(request);
			const r = await createProgressService(app()).log(locals.actor!, f.actionId, f.key, f.body, f.photos);
			return { logged: r.log.id };
		} catch (e) {
			return actionError(e);
		}
	}
};

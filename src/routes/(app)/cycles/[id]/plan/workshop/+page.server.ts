import { app } from '$lib/server/app';
import { loadError } from '$lib/server/http/errors';
import { createPlanService } from '$lib/server/plans/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	try {
		const editor = createPlanService(app()).editor(locals.actor!, params.id);
		return { ...editor, planUrl: `${url.origin}/cycles/${params.id}/plan` };
	} catch (e) {
		loadError(e);
	}
};

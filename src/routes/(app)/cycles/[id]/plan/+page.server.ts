import { app } from '$lib/server/app';
import { loadError } from '$lib/server/http/errors';
import { createPlanService } from '$lib/server/plans/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	try {
		return createPlanService(app()).editor(locals.actor!, params.id);
	} catch (e) {
		loadError(e);
	}
};

import { app } from '$lib/server/app';
import { loadError } from '$lib/server/http/errors';
import { createPlanService } from '$lib/server/plans/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	try {
		const plans = createPlanService(app());
		const added = url.searchParams.get('added');
		return { ...plans.editor(locals.actor!, params.id), added: added ? plans.goalTitle(locals.actor!, params.id, added) : null };
	} catch (e) {
		loadError(e);
	}
};

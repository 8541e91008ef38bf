import { app } from '$lib/server/app';
import { loadError } from '$lib/server/http/errors';
import { createExperienceService } from '$lib/server/results/experience';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	try {
		return { experience: createExperienceService({ database: app().database }).experience(locals.actor!, params.id) };
	} catch (e) {
		loadError(e);
	}
};

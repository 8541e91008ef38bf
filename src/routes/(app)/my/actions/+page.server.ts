import { app } from '$lib/server/app';
import { actionError } from '$lib/server/http/errors';
import { readProgressForm } from '$lib/server/progress/request';
import { createProgressService } from '$lib/server/progress/service';
import type { Actions } from './$types';

// No server `load`: the list comes from +page.ts (the API online, this device's copy offline), so
// moving to this page inside the app needs no server round trip.
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

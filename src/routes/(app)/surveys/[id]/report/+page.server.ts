import { app } from '$lib/server/app';
import { actionError, loadError } from '$lib/server/http/errors';
import { createReportService } from '$lib/server/results/report';
import type { Actions, PageServerLoad } from './$types';

const service = () => createReportService({ database: app().database });

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = locals.actor!;
	try {
		const reports = service();
		const sharing = reports.sharing(actor, params.id);
		return {
			report: reports.summary(actor, params.id, locals.locale),
			sharing: { ...sharing, url: sharing.token ? `${url.origin}/r/${sharing.token}` : null }
		};
	} catch (e) {
		loadError(e);
	}
};

export const actions: Actions = {
	/** `share=on` (with `confirm=yes`: the public-link warning was acknowledged) or `share=off`. */
	share: async ({ request, locals, params }) => {
		const form = await request.formData();
		const on = form.get('share') === 'on';
		try {
			service().setSharing(locals.actor!, params.id, on, form.get('confirm') === 'yes');
			return {
				done: on ? 'Sharing is on: anyone with the link can read the summary.' : 'Sharing is off: the public link no longer works.'
			};
		} catch (e) {
			return actionError(e);
		}
	}
};

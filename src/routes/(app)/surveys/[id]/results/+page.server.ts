import { can } from '$lib/domain/auth/policies';
import type { MarginsSpec } from '$lib/domain/results/margins';
import { app } from '$lib/server/app';
import { actionError, loadError } from '$lib/server/http/errors';
import { createResultsService } from '$lib/server/results/service';
import type { Actions, PageServerLoad } from './$types';

const service = () => createResultsService({ database: app().database });

export const load: PageServerLoad = ({ locals, params }) => {
	const actor = locals.actor!;
	try {
		const results = service().results(actor, params.id);
		return { results, canSetMargins: can(actor, 'survey.design') };
	} catch (e) {
		loadError(e);
	}
};

/** Form fields `share:<dimension>:<category>` in percent; a dimension left all blank is not used. */
function marginsFromForm(form: FormData): { margins: MarginsSpec; values: Record<string, string> } {
	const margins: MarginsSpec = {};
	const values: Record<string, string> = {};
	for (const [k, v] of form) {
		const m = /^share:([^:]+):(.+)$/.exec(k);
		if (!m || typeof v !== 'string') continue;
		values[k] = v;
		if (v.trim() === '') continue;
		const dim = (margins[m[1]!] ??= {});
		dim[m[2]!] = Number(v.trim().replace(',', '.')) / 100;
	}
	return { margins, values };
}

export const actions: Actions = {
	margins: async ({ request, locals, params }) => {
		const { margins, values } = marginsFromForm(await request.formData());
		try {
			service().setMargins(locals.actor!, params.id, margins);
			return { done: 'Population margins saved; results are now weighted to them.' };
		} catch (e) {
			return actionError(e, values);
		}
	}
};

import { redirect } from '@sveltejs/kit';
import { CYCLE_KINDS, CYCLE_KIND_LABELS } from '$lib/domain/cycles/phases';
import { navFor } from '$lib/nav';
import { app } from '$lib/server/app';
import { cycleHome } from '$lib/server/cycles/home';
import { createCycleService } from '$lib/server/cycles/service';
import { actionError, loadError } from '$lib/server/http/errors';
import { createKpiService } from '$lib/server/kpis/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const actor = locals.actor!;
	try {
		return {
			home: cycleHome(app(), actor, params.id),
			surveysLink: navFor(actor).some((n) => n.href === '/surveys'),
			kinds: CYCLE_KINDS.map((k) => ({ value: k, label: CYCLE_KIND_LABELS[k] })),
			allFocusAreas: createKpiService(app()).focusAreas(actor)
		};
	} catch (e) {
		loadError(e);
	}
};

export const actions: Actions = {
	advance: async ({ request, locals, params }) => {
		const form = await request.formData();
		try {
			const c = createCycleService(app()).advance(locals.actor!, params.id, { confirm: String(form.get('confirm') ?? '') });
			return { moved: c.phaseLabel };
		} catch (e) {
			return actionError(e);
		}
	},
	close: async ({ locals, params }) => {
		try {
			createCycleService(app()).close(locals.actor!, params.id);
			return { closed: true };
		} catch (e) {
			return actionError(e);
		}
	},
	focus: async ({ request, locals, params }) => {
		const form = await request.formData();
		try {
			createCycleService(app()).setFocusAreas(locals.actor!, params.id, form.getAll('focusAreaIds').map(String));
			return { focusSaved: true };
		} catch (e) {
			return actionError(e);
		}
	},
	linkSurvey: async ({ request, locals, params }) => {
		const form = await request.formData();
		try {
			return { linked: createCycleService(app()).linkSurvey(locals.actor!, params.id, String(form.get('surveyId') ?? '')).title };
		} catch (e) {
			return actionError(e);
		}
	},
	unlinkSurvey: async ({ request, locals, params }) => {
		const form = await request.formData();
		try {
			return { unlinked: createCycleService(app()).unlinkSurvey(locals.actor!, params.id, String(form.get('surveyId') ?? '')).title };
		} catch (e) {
			return actionError(e);
		}
	},
	next: async ({ request, locals, params }) => {
		const form = await request.formData();
		const values = {
			name: String(form.get('name') ?? ''),
			kind: String(form.get('kind') ?? ''),
			periodStart: String(form.get('periodStart') ?? ''),
			periodEnd: String(form.get('periodEnd') ?? '')
		};
		let id: string;
		try {
			id = createCycleService(app()).startNext(locals.actor!, params.id, values).id;
		} catch (e) {
			return actionError(e, values);
		}
		redirect(303, `/cycles/${id}`);
	}
};

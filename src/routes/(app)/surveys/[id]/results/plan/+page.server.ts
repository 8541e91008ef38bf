import { redirect } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { app } from '$lib/server/app';
import { actionError, loadError } from '$lib/server/http/errors';
import { createPlanService } from '$lib/server/plans/service';
import type { Actions, PageServerLoad } from './$types';

/** "Add to plan" from one survey result: `?q=<questionKey>`. */
export const load: PageServerLoad = ({ locals, params, url }) => {
	try {
		const q = url.searchParams.get('q');
		if (!q) throw new AppError('not_found', 'Choose a question on the results page first.');
		return { surveyId: params.id, form: createPlanService(app()).goalFromResultForm(locals.actor!, params.id, q) };
	} catch (e) {
		loadError(e);
	}
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const form = await request.formData();
		const field = (k: string) => String(form.get(k) ?? '');
		const values = {
			cycleId: field('cycleId'),
			questionKey: field('questionKey'),
			title: field('title'),
			baseline: field('baseline'),
			target: field('target'),
			due: field('due'),
			focusAreaId: field('focusAreaId')
		};
		let added: { goalId: string; cycleId: string };
		try {
			if (!values.cycleId) throw new AppError('validation.failed', 'Check cycleId.', { fields: { cycleId: 'Choose a cycle.' } });
			added = createPlanService(app()).addGoalFromResult(locals.actor!, values.cycleId, { ...values, surveyId: params.id });
		} catch (e) {
			return actionError(e, values);
		}
		redirect(303, `/cycles/${added.cycleId}/plan?added=${encodeURIComponent(added.goalId)}`);
	}
};

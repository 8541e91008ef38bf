import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiActor, readJson } from '$lib/server/http/api';
import { createPlanService } from '$lib/server/plans/service';
import type { RequestHandler } from './$types';

/**
 * Add a goal made from a survey result to the cycle's action plan:
 * `{surveyId, questionKey, title, baseline?, target?, due?, focusAreaId?}` → 201 `{goalId, cycleId, title}`.
 */
export const POST: RequestHandler = ({ locals, request, params }) =>
	api(async () =>
		json(createPlanService(app()).addGoalFromResult(apiActor(locals), params.id, await readJson(request, 20_000)), { status: 201 })
	);

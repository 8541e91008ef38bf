import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import { createExperienceService } from '$lib/server/results/experience';
import type { RequestHandler } from './$types';

/** Satisfaction, effort and NPS by period and by department / service / channel, with margins and flags. */
export const GET: RequestHandler = ({ locals, params }) =>
	api(() => json(createExperienceService({ database: app().database }).experience(apiActor(locals), params.id)));

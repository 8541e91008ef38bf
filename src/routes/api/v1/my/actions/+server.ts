import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import { createPlanService } from '$lib/server/plans/service';
import type { RequestHandler } from './$types';

/** The actions assigned to the caller across the organization's plans, by due date, and when the list was made. */
export const GET: RequestHandler = ({ locals, url }) =>
	api(() =>
		json({
			actions: createPlanService(app()).myActions(apiActor(locals), url.searchParams.get('done') === '1'),
			generatedAt: new Date().toISOString()
		})
	);

import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import { createResultsService } from '$lib/server/results/service';
import type { RequestHandler } from './$types';

/** Per-question estimates (unweighted and weighted), comparisons with flags, the weighting report,
 * benchmark comparisons, a breakdown (`?by=<dimension>`, small cells suppressed) and open-text themes. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	api(() =>
		json(
			createResultsService({ database: app().database }).results(apiActor(locals), params.id, {
				breakdownBy: url.searchParams.get('by') ?? undefined
			})
		)
	);

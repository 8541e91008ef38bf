import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import { createResultsService } from '$lib/server/results/service';
import type { RequestHandler } from './$types';

/** Per-question estimates (unweighted and weighted), comparisons with flags, the weighting report. */
export const GET: RequestHandler = ({ locals, params }) =>
	api(() => json(createResultsService({ database: app().database }).results(apiActor(locals), params.id)));

import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { parse } from '$lib/domain/validation';
import { app } from '$lib/server/app';
import { api, apiActor, readJson } from '$lib/server/http/api';
import { createResultsService } from '$lib/server/results/service';
import type { RequestHandler } from './$types';

const body = z.object({ margins: z.record(z.string(), z.record(z.string(), z.number())) });

/** The survey's weighting dimensions and population margins. */
export const GET: RequestHandler = ({ locals, params }) =>
	api(() => json(createResultsService({ database: app().database }).margins(apiActor(locals), params.id)));

/** Replace the margins: `{ margins: { dimension: { category: share } } }`, shares summing to 1. */
export const PUT: RequestHandler = ({ locals, params, request }) =>
	api(async () => {
		const actor = apiActor(locals);
		const { margins } = parse(body, await readJson(request));
		const service = createResultsService({ database: app().database });
		service.setMargins(actor, params.id, margins);
		return json(service.margins(actor, params.id));
	});

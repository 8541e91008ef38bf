import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { parse } from '$lib/domain/validation';
import { app } from '$lib/server/app';
import { api, apiActor, readJson } from '$lib/server/http/api';
import { createResultsService } from '$lib/server/results/service';
import type { RequestHandler } from './$types';

const body = z.object({ targets: z.record(z.string(), z.number().nullable()) });

/** Set targets in percent (0–100) per question key; null clears a target; all or nothing. */
export const PUT: RequestHandler = ({ locals, params, request }) =>
	api(async () => {
		const actor = apiActor(locals);
		const { targets } = parse(body, await readJson(request));
		const service = createResultsService({ database: app().database });
		// One transaction: a bad target leaves every target as it was.
		app().database.tx(() => {
			for (const [key, value] of Object.entries(targets)) service.setTarget(actor, params.id, key, value === null ? '' : String(value));
		});
		return json({ benchmarks: service.benchmarks(actor, params.id) });
	});

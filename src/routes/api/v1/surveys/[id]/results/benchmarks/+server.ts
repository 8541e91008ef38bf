import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { parse } from '$lib/domain/validation';
import { app } from '$lib/server/app';
import { api, apiActor, readJson } from '$lib/server/http/api';
import { createResultsService } from '$lib/server/results/service';
import type { RequestHandler } from './$types';

const body = z.object({ csv: z.string().max(2_000_000), source: z.string().max(120).optional() });

/** The survey's stored benchmarks (targets and imported values; value and moe as fractions). */
export const GET: RequestHandler = ({ locals, params }) =>
	api(() => json({ benchmarks: createResultsService({ database: app().database }).benchmarks(apiActor(locals), params.id) }));

/**
 * Import external / peer values: `{ csv, source? }` with columns question_key,value[,n,moe,source].
 * Any bad line → 400 with `fields` {"line N": reason}, nothing stored; each source replaces its values.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	api(async () => {
		const input = parse(body, await readJson(request));
		return json(createResultsService({ database: app().database }).importBenchmarks(apiActor(locals), params.id, input));
	});

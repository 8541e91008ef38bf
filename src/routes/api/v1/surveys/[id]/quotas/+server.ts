import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiActor, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The survey's quotas with the responses counted so far per category. */
export const GET: RequestHandler = ({ locals, params }) => api(() => json(app().surveys.quotas.get(apiActor(locals), params.id)));

/** Replace the quotas: `{quotas: [{dimension, cell, target}]}`; 400 names each bad row. */
export const PUT: RequestHandler = ({ locals, params, request }) =>
	api(async () => {
		const actor = apiActor(locals);
		return json(app().surveys.quotas.saveJson(actor, params.id, await readJson(request)));
	});

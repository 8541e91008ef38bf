import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/**
 * Submit a response: `{uuid, answers: {key: value}, channel, language, token?}`. No sign-in for
 * public surveys; a service-desk system may send an API token. 201 stored, 200 replay of the same
 * response (`duplicate: true`), 409 same uuid with other content, 400 invalid (`fields` by question
 * key), 404 unknown or not open, 410 closed, 429 rate limited.
 */
export const POST: RequestHandler = ({ locals, params, request, getClientAddress }) =>
	api(async () => {
		const body = await readJson(request, 200_000);
		const r = await app().surveys.intake.submit(params.id, body, { ip: getClientAddress(), actor: locals.actor });
		return json(r.body, { status: r.status });
	});

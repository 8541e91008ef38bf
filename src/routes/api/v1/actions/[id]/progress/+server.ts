import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import { readProgressRequest } from '$lib/server/progress/request';
import { createProgressService } from '$lib/server/progress/service';
import type { RequestHandler } from './$types';

/** The action's progress logs, newest first. */
export const GET: RequestHandler = ({ locals, params }) =>
	api(() => json({ logs: createProgressService(app()).list(apiActor(locals), params.id) }));

/**
 * Log progress: JSON `{note?, status?, progress?, location?}`, or multipart with that JSON in
 * `payload` and up to five `photo` files. `Idempotency-Key` required: a replay answers 200 with
 * the original log; the same key with other content, 409.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	api(async () => {
		const actor = apiActor(locals);
		const { body, photos } = await readProgressRequest(request);
		const r = await createProgressService(app()).log(actor, params.id, request.headers.get('idempotency-key'), body, photos);
		return json({ log: r.log }, { status: r.status });
	});

import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Live feed (Server-Sent Events): response count and the newest responses, every 2 s. */
export const GET: RequestHandler = ({ locals, params, request }) =>
	api(() => {
		const stream = app().surveys.live.stream(apiActor(locals), params.id, request.signal);
		return new Response(stream, {
			headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-store', 'x-accel-buffering': 'no' }
		});
	});

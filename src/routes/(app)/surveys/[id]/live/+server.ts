import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/**
 * Live feed (Server-Sent Events), every 2 s: counts (total, by channel, by district, quota cells),
 * the newest open-text answers with a sentiment marker, emerging terms. `?q=` keeps only the
 * open-text answers whose text or question contains it (accents and case ignored).
 */
export const GET: RequestHandler = ({ locals, params, request, url }) =>
	api(() => {
		const q = url.searchParams.get('q') ?? '';
		const stream = app().surveys.live.stream(apiActor(locals), params.id, request.signal, { q });
		return new Response(stream, {
			headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-store', 'x-accel-buffering': 'no' }
		});
	});

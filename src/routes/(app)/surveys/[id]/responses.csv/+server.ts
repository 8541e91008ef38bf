import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** All responses as CSV: labels by default, codes with `?values=codes`. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	api(() => {
		const mode = url.searchParams.get('values') === 'codes' ? 'codes' : 'labels';
		const r = app().surveys.exports.csv(apiActor(locals), params.id, mode);
		return new Response(r.stream, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${r.filename}"`,
				'cache-control': 'private, no-store'
			}
		});
	});

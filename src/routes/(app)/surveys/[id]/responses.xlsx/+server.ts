import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** All responses as an Excel workbook: labels by default, codes with `?values=codes`. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	api(async () => {
		const mode = url.searchParams.get('values') === 'codes' ? 'codes' : 'labels';
		const r = await app().surveys.exports.xlsx(apiActor(locals), params.id, mode);
		return new Response(r.body, {
			headers: {
				'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'content-disposition': `attachment; filename="${r.filename}"`,
				'cache-control': 'private, no-store'
			}
		});
	});

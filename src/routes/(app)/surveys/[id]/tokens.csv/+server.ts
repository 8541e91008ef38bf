import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/**
 * Issues single-use invitation links (a form post: `count`, or `addresses` pasted or uploaded as
 * `file`) and answers with them as a CSV download. The links are shown only this once.
 */
export const POST: RequestHandler = ({ locals, params, request, url }) =>
	api(async () => {
		const actor = apiActor(locals);
		const form = await request.formData();
		const file = form.get('file');
		const uploaded = file instanceof File && file.size ? await file.text() : '';
		const input = { count: String(form.get('count') ?? '0') || '0', addresses: uploaded || String(form.get('addresses') ?? '') };
		const r = app().surveys.resident.issueTokens(actor, params.id, input, url.origin);
		return new Response(r.csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="invitations-${r.count}.csv"`,
				'cache-control': 'no-store'
			}
		});
	});

import { app } from '$lib/server/app';
import { checklistPdf } from '$lib/server/cycles/printable';
import { api, apiActor } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The cycle's checklist as a tagged PDF; `?blank=1` for the blank template. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	api(async () => {
		const { filename, pdf } = await checklistPdf(app(), apiActor(locals), params.id, url.searchParams.get('blank') === '1');
		return new Response(new Uint8Array(pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="${filename}"`,
				'cache-control': 'private, no-store'
			}
		});
	});

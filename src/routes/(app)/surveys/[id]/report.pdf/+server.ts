import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import { createReportService } from '$lib/server/results/report';
import type { RequestHandler } from './$types';

/** The survey's summary report as a tagged PDF, in the reader's language (`?lang=es`, cookie, browser). */
export const GET: RequestHandler = ({ locals, params }) =>
	api(async () => {
		const { filename, pdf } = await createReportService({ database: app().database }).pdf(apiActor(locals), params.id, locals.locale);
		return new Response(new Uint8Array(pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="${filename}"`,
				'content-language': locals.locale,
				'cache-control': 'private, no-store'
			}
		});
	});

import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The caller's organization's surveys: `{surveys: [{id, kind, title, status, publicUrl}]}`. */
export const GET: RequestHandler = ({ locals, url }) =>
	api(() => {
		const surveys = app()
			.surveys.list(apiActor(locals))
			.map((s) => ({
				id: s.id,
				kind: s.kind,
				title: s.title,
				status: s.status,
				publicUrl: `${url.origin}${s.publicUrl}`,
				responses: s.responses
			}));
		return json({ surveys });
	});

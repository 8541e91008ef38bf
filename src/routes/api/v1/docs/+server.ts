import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { createDocService } from '$lib/server/docs/service';
import { api, apiActor, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The collaboration documents the caller may open. */
export const GET: RequestHandler = ({ locals }) => api(() => json({ docs: createDocService(app()).list(apiActor(locals)) }));

/** Create a checklist: `{kind: 'checklist', title, template?: 'cycle'}` → 201 `{doc}`. */
export const POST: RequestHandler = ({ locals, request }) =>
	api(async () => {
		const actor = apiActor(locals);
		const doc = createDocService(app()).create(actor, await readJson(request, 10_000));
		return json({ doc }, { status: 201 });
	});

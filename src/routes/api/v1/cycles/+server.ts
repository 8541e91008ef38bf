import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { createCycleService } from '$lib/server/cycles/service';
import { api, apiActor, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The organization's cycles: `[{id, name, kind, phase, checklistDoc, planDoc}]`. */
export const GET: RequestHandler = ({ locals }) => api(() => json(createCycleService(app()).summaries(apiActor(locals))));

/** Start a cycle: `{name, kind, periodStart, periodEnd, ownerId?, focusAreaIds?}` → 201 the summary. */
export const POST: RequestHandler = ({ locals, request }) =>
	api(async () => {
		const { id, name, kind, phase, checklistDoc, planDoc } = createCycleService(app()).create(
			apiActor(locals),
			await readJson(request, 20_000)
		);
		return json({ id, name, kind, phase, checklistDoc, planDoc }, { status: 201 });
	});

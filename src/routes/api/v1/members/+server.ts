import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiActor, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => api(() => json({ members: app().accounts.listMembers(apiActor(locals)) }));

/** Invite a member: `{email, role}` → 201 with the single-use link. */
export const POST: RequestHandler = ({ locals, request, url }) =>
	api(async () => {
		const actor = apiActor(locals);
		const r = await app().accounts.invite(actor, await readJson(request), url.origin);
		return json({ invitation: r.invitation, url: r.url, emailed: r.emailed }, { status: 201 });
	});

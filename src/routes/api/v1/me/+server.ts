import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
	api(() => {
		const actor = apiActor(locals);
		return json({ user: app().accounts.me(actor), organization: app().accounts.organization(actor) });
	});

import { redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { navFor } from '$lib/nav';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
	if (!locals.user || !locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	const org = app().accounts.organization(locals.actor);
	return { user: locals.user, organization: org, nav: navFor(locals.actor) };
};

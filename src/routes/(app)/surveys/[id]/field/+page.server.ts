import { redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { loadError } from '$lib/server/http/errors';
import type { PageServerLoad } from './$types';

// Kiosk: the page resets to the root layout (no tab bar or menus), so it checks the session itself.
export const load: PageServerLoad = ({ locals, params, url }) => {
	if (!locals.user || !locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	try {
		return { survey: app().surveys.field.open(locals.actor, params.id), userId: locals.actor.id };
	} catch (e) {
		loadError(e);
	}
};

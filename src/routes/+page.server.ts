import { redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (app().accounts.needsSetup()) redirect(303, '/setup');
	redirect(303, locals.user ? '/home' : '/login');
};

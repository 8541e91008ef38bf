import { app } from '$lib/server/app';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	const accounts = app().accounts;
	return {
		members: accounts.listMembers(actor).length,
		activity: accounts.recentActivity(actor, 10)
	};
};

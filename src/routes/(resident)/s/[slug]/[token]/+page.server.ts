import { residentAction, residentLoad } from '$lib/server/surveys/resident-route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => residentLoad(params.slug, locals.locale, params.token);

export const actions: Actions = {
	next: (event) => residentAction(event, 'next', event.params.token),
	back: (event) => residentAction(event, 'back', event.params.token),
	submit: (event) => residentAction(event, 'submit', event.params.token)
};

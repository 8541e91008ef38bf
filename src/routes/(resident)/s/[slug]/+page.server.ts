import { residentAction, residentLoad } from '$lib/server/surveys/resident-route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => residentLoad(params.slug, locals.locale);

export const actions: Actions = {
	next: (event) => residentAction(event, 'next'),
	back: (event) => residentAction(event, 'back'),
	submit: (event) => residentAction(event, 'submit')
};

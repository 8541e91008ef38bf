import { fail } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n';
import type { StepMove } from '$lib/domain/surveys/flow';
import { app } from '$lib/server/app';
import { loadError } from '$lib/server/http/errors';
import { firstPage, residentStep } from '$lib/server/surveys/resident-page';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	try {
		const p = app().surveys.resident.preview(locals.actor!, params.id);
		const lang = url.searchParams.get('lang');
		return { id: params.id, questionnaire: p.questionnaire, page: firstPage(p.questionnaire, isLocale(lang) ? lang : 'en') };
	} catch (e) {
		loadError(e);
	}
};

/** The same steps as the resident page, on the draft; nothing is stored. */
async function move(event: RequestEvent, m: StepMove) {
	const p = app().surveys.resident.preview(event.locals.actor!, event.params.id);
	const r = residentStep(p.questionnaire, await event.request.formData(), m, 'en');
	if (r.done) return { page: r.page, previewDone: true };
	return Object.keys(r.page.errors).length ? fail(400, { page: r.page, previewDone: false }) : { page: r.page, previewDone: false };
}

export const actions: Actions = {
	next: (e) => move(e, 'next'),
	back: (e) => move(e, 'back'),
	submit: (e) => move(e, 'submit')
};

import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/auth/policies';
import { questionToForm } from '$lib/domain/surveys/edit-form';
import { LIBRARY } from '$lib/domain/surveys/library';
import { findQuestion } from '$lib/domain/surveys/questionnaire';
import { app } from '$lib/server/app';
import { draftDocName } from '$lib/server/surveys/draft-doc';
import { actionError, formObject, loadError } from '$lib/server/http/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	try {
		const survey = app().surveys.get(locals.actor!, params.id);
		if (survey.status !== 'draft') redirect(303, `/surveys/${params.id}`);
		const key = url.searchParams.get('q');
		const question = key ? findQuestion(survey.draft, key) : undefined;
		const newIn = url.searchParams.get('new');
		return {
			survey,
			/** The co-edited draft (opened by the browser; the first to open it seeds it on the server). */
			docName: draftDocName(survey.id),
			canWrite: can(locals.actor!, 'survey.design', locals.actor!),
			districts: app().surveys.districts(locals.actor!),
			library: LIBRARY.map((e) => ({ key: e.question.key, group: e.group, text: e.question.text.en })),
			editing: question
				? { sectionId: '', originalKey: question.key, fields: questionToForm(question) }
				: newIn
					? { sectionId: newIn, originalKey: '', fields: {} }
					: null
		};
	} catch (e) {
		loadError(e);
	}
};

export const actions: Actions = {
	/** Every editor form posts here with `op` naming the operation (see server/surveys/editor.ts). */
	op: async ({ request, locals, params }) => {
		const form = await formObject(request);
		try {
			app().surveys.editor.apply(locals.actor!, params.id, { ...form, fields: form });
		} catch (e) {
			return actionError(e, form);
		}
		if (form.op === 'saveQuestion') redirect(303, `/surveys/${params.id}/edit#q-${form.key}`);
		return { done: 'Saved.' };
	}
};

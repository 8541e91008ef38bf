import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The live version's questions: keys, types, required, options with codes, scales, conditions. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	api(() => {
		const r = app().surveys.liveQuestions(apiActor(locals), params.id);
		return json({ survey: { ...r.survey, publicUrl: `${url.origin}${r.survey.publicUrl}` }, version: r.version, questions: r.questions });
	});

import { phoneView } from '$lib/domain/results/phone';
import { app } from '$lib/server/app';
import { loadError } from '$lib/server/http/errors';
import { createResultsService } from '$lib/server/results/service';
import type { PageServerLoad } from './$types';

/** The phone view: one card per focus area and the three biggest significant changes. */
export const load: PageServerLoad = ({ locals, params }) => {
	try {
		const r = createResultsService({ database: app().database }).results(locals.actor!, params.id);
		return {
			result: {
				survey: { id: r.survey.id, title: r.survey.title, kind: r.survey.kind },
				responses: r.responses,
				previous: r.previousSurvey?.title ?? null,
				weighted: r.weighting.applied,
				...phoneView(r.questions)
			},
			generatedAt: new Date().toISOString()
		};
	} catch (e) {
		loadError(e);
	}
};

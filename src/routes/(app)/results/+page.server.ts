import { app } from '$lib/server/app';
import { loadError } from '$lib/server/http/errors';
import type { PageServerLoad } from './$types';

/** Surveys of the organization with responses, newest first as listed by the survey service. */
export const load: PageServerLoad = ({ locals }) => {
	try {
		const surveys = app()
			.surveys.list(locals.actor!)
			.filter((s) => s.responses > 0 && s.status !== 'draft')
			.map((s) => ({ id: s.id, title: s.title, kind: s.kind, status: s.status, responses: s.responses }));
		return { surveys, generatedAt: new Date().toISOString() };
	} catch (e) {
		loadError(e);
	}
};

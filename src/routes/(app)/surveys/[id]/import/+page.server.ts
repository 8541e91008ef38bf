import { redirect } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { app } from '$lib/server/app';
import { actionError, loadError } from '$lib/server/http/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	try {
		const survey = app().surveys.get(locals.actor!, params.id);
		const upload = url.searchParams.get('upload');
		const preview = upload ? await app().surveys.imports.preview(locals.actor!, params.id, upload) : null;
		return { survey: { id: survey.id, title: survey.title }, preview };
	} catch (e) {
		loadError(e);
	}
};

export const actions: Actions = {
	upload: async ({ request, locals, params }) => {
		let upload: string;
		try {
			const file = (await request.formData()).get('file');
			if (!(file instanceof File)) throw new AppError('import.invalid', 'Choose a CSV file to upload.');
			upload = await app().surveys.imports.stage(locals.actor!, params.id, file);
		} catch (e) {
			return actionError(e);
		}
		redirect(303, `/surveys/${params.id}/import?upload=${upload}`);
	},
	run: async ({ request, locals, params }) => {
		const form = await request.formData();
		const mapping: Record<string, string> = {};
		for (const [k, v] of form) if (k.startsWith('map:') && typeof v === 'string' && v) mapping[k.slice(4)] = v;
		try {
			const report = await app().surveys.imports.run(locals.actor!, params.id, {
				upload: String(form.get('upload') ?? ''),
				idColumn: String(form.get('idColumn') ?? ''),
				mapping
			});
			return { report };
		} catch (e) {
			return actionError(e);
		}
	}
};

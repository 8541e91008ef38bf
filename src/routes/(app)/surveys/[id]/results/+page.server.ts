import { can } from '$lib/domain/auth/policies';
import { AppError } from '$lib/domain/errors';
import type { MarginsSpec } from '$lib/domain/results/margins';
import { app } from '$lib/server/app';
import { actionError, loadError } from '$lib/server/http/errors';
import { createResultsService } from '$lib/server/results/service';
import type { Actions, PageServerLoad } from './$types';

const service = () => createResultsService({ database: app().database });

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = locals.actor!;
	try {
		const results = service().results(actor, params.id, { breakdownBy: url.searchParams.get('by') ?? undefined });
		return { results, canSetMargins: can(actor, 'survey.design'), canEditPlan: can(actor, 'plan.edit') };
	} catch (e) {
		loadError(e);
	}
};

/** Form fields `share:<dimension>:<category>` in percent; a dimension left all blank is not used. */
function marginsFromForm(form: FormData): { margins: MarginsSpec; values: Record<string, string> } {
	const margins: MarginsSpec = {};
	const values: Record<string, string> = {};
	for (const [k, v] of form) {
		const m = /^share:([^:]+):(.+)$/.exec(k);
		if (!m || typeof v !== 'string') continue;
		values[k] = v;
		if (v.trim() === '') continue;
		const dim = (margins[m[1]!] ??= {});
		dim[m[2]!] = Number(v.trim().replace(',', '.')) / 100;
	}
	return { margins, values };
}

export const actions: Actions = {
	margins: async ({ request, locals, params }) => {
		const { margins, values } = marginsFromForm(await request.formData());
		try {
			service().setMargins(locals.actor!, params.id, margins);
			return { done: 'Population margins saved; results are now weighted to them.' };
		} catch (e) {
			return actionError(e, values);
		}
	},

	/** One question's target in percent; blank clears it. */
	target: async ({ request, locals, params }) => {
		const form = await request.formData();
		const question = String(form.get('question') ?? '');
		const target = String(form.get('target') ?? '');
		try {
			service().setTarget(locals.actor!, params.id, question, target);
			return { done: target.trim() ? 'Target saved.' : 'Target cleared.' };
		} catch (e) {
			return actionError(e, { question, target });
		}
	},

	/** Import benchmark values from an uploaded CSV file (or pasted text); all lines valid or nothing stored. */
	benchmarks: async ({ request, locals, params }) => {
		const form = await request.formData();
		const file = form.get('file');
		const pasted = String(form.get('csv') ?? '');
		const source = String(form.get('source') ?? '');
		const csv = file instanceof File && file.size > 0 ? await file.text() : pasted;
		try {
			if (!csv.trim())
				throw new AppError('validation.failed', 'Choose a CSV file or paste its lines.', { fields: { file: 'Choose a CSV file.' } });
			const r = service().importBenchmarks(locals.actor!, params.id, { csv, source });
			return { done: `Imported ${r.values} benchmark values from ${r.sources.join(', ')}.` };
		} catch (e) {
			return actionError(e, { source, csv: pasted });
		}
	},

	/** Remove an imported benchmark source. */
	removeSource: async ({ request, locals, params }) => {
		const source = String((await request.formData()).get('source') ?? '');
		try {
			service().removeBenchmarkSource(locals.actor!, params.id, source);
			return { done: `Removed the benchmark values of ${source}.` };
		} catch (e) {
			return actionError(e);
		}
	}
};

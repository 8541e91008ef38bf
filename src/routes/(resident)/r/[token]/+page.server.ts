import { error } from '@sveltejs/kit';
import { translator } from '$lib/i18n';
import { app } from '$lib/server/app';
import { createReportService } from '$lib/server/results/report';
import type { PageServerLoad } from './$types';

/** A shared summary report: public, read-only; 404 as soon as the agency stops sharing it. */
export const load: PageServerLoad = ({ params, locals, setHeaders }) => {
	const report = createReportService({ database: app().database }).publicSummary(params.token, locals.locale);
	if (!report) error(404, translator(locals.locale)('report.notFound'));
	setHeaders({ 'cache-control': 'no-cache', 'x-robots-tag': 'noindex' });
	return { report };
};

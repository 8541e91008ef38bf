import { json } from '@sveltejs/kit';
import { version } from '$app/environment';
import { app } from '$lib/server/app';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => {
	const ctx = app();
	let db = 'ok';
	try {
		ctx.database.sqlite.prepare('select 1').get();
	} catch {
		db = 'error';
	}
	const metrics = Object.fromEntries(Object.entries(ctx.metrics).map(([k, f]) => [k, f()]));
	const problems = Object.fromEntries(
		Object.entries(ctx.checks)
			.map(([k, f]) => [k, f()] as const)
			.filter(([, problem]) => problem !== null)
	);
	const ok = db === 'ok' && Object.keys(problems).length === 0;
	return json(
		{
			status: ok ? 'ok' : 'degraded',
			version,
			db,
			...(ok ? {} : { problems }),
			uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
			...metrics
		},
		{ status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};

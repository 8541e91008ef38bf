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
	return json(
		{ status: db === 'ok' ? 'ok' : 'degraded', version, db, uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000), ...metrics },
		{ status: db === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};

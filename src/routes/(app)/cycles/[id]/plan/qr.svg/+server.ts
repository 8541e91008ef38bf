import QRCode from 'qrcode';
import { app } from '$lib/server/app';
import { createCycleService } from '$lib/server/cycles/service';
import { api, apiActor } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** A QR code (SVG) that opens this plan on a phone: shown on the workshop board. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	api(async () => {
		const c = createCycleService(app()).load(apiActor(locals), params.id);
		const svg = await QRCode.toString(`${url.origin}/cycles/${c.id}/plan`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
		return new Response(svg, { headers: { 'content-type': 'image/svg+xml', 'cache-control': 'private, max-age=3600' } });
	});

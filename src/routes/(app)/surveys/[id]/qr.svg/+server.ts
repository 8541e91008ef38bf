import QRCode from 'qrcode';
import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The public link as a QR code (SVG), for posters and flyers. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	api(async () => {
		const s = app().surveys.get(apiActor(locals), params.id);
		const svg = await QRCode.toString(`${url.origin}${s.publicUrl}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
		return new Response(svg, { headers: { 'content-type': 'image/svg+xml', 'cache-control': 'private, max-age=300' } });
	});

import { app } from '$lib/server/app';
import { api, apiActor } from '$lib/server/http/api';
import { readUpload } from '$lib/server/progress/uploads';
import type { RequestHandler } from './$types';

/** A photo of a progress log, only to members of the organization that owns it. */
export const GET: RequestHandler = ({ locals, params }) =>
	api(async () => {
		const file = await readUpload(app(), apiActor(locals), params.id);
		return new Response(new Uint8Array(file.bytes), {
			headers: {
				'content-type': file.mime,
				'content-length': String(file.bytes.length),
				'cache-control': 'private, max-age=86400',
				'content-disposition': 'inline',
				'x-content-type-options': 'nosniff',
				'content-security-policy': "default-src 'none'; sandbox"
			}
		});
	});

/** Reads a progress-log request: JSON, or multipart with the JSON in `payload` and `photo` files. */
import { AppError } from '../../domain/errors';
import { readJson } from '../http/api';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from './files';

const MULTIPART_LIMIT = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024;

export async function readProgressRequest(request: Request): Promise<{ body: unknown; photos: Uint8Array[] }> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.startsWith('multipart/form-data')) return { body: await readJson(request, 100_000), photos: [] };
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > MULTIPART_LIMIT) throw new AppError('payload.too_large', 'The update is larger than 41 MiB.');
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		throw new AppError('validation.failed', 'The form data could not be read.');
	}
	const payload = form.get('payload');
	let body: unknown = {};
	if (typeof payload === 'string' && payload !== '') {
		try {
			body = JSON.parse(payload);
		} catch {
			throw new AppError('validation.failed', 'The payload field is not valid JSON.');
		}
	}
	const photos: Uint8Array[] = [];
	for (const f of form.getAll('photo')) {
		if (typeof f === 'string') continue;
		if (f.size > MAX_PHOTO_BYTES)
			throw new AppError('payload.too_large', 'A photo is larger than 8 MiB.', { fields: { photos: 'A photo is too large.' } });
		photos.push(new Uint8Array(await f.arrayBuffer()));
	}
	return { body, photos };
}

/** The same update from the no-JavaScript form (`?/log`): multipart fields, the key in `key`. */
export async function readProgressForm(request: Request): Promise<{ actionId: string; key: string; body: unknown; photos: Uint8Array[] }> {
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > MULTIPART_LIMIT) throw new AppError('payload.too_large', 'The update is larger than 41 MiB.');
	const form = await request.formData();
	const text = (k: string) => {
		const v = form.get(k);
		return typeof v === 'string' ? v : '';
	};
	const photos: Uint8Array[] = [];
	for (const f of form.getAll('photo')) if (typeof f !== 'string' && f.size > 0) photos.push(new Uint8Array(await f.arrayBuffer()));
	return {
		actionId: text('actionId'),
		key: text('key'),
		body: { note: text('note'), status: text('status') || null, progress: text('progress') || null },
		photos
	};
}

/**
 * Photo files of progress logs: type checked by magic bytes (JPEG, PNG, WebP only), size-limited,
 * stored under DATA_DIR/uploads/<organizationId>/ with a random name, read back only through
 * the authorizing route.
 */
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { AppError } from '../../domain/errors';
import { IMAGE_EXTENSIONS, sniffImage, type ImageType } from '../../domain/uploads/sniff';
import { randomToken } from '../auth/tokens';

export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
export const MAX_PHOTOS = 5;

export interface CheckedPhoto {
	bytes: Uint8Array;
	mime: ImageType;
}

/** Refuses too many, too large, empty or non-image files (whatever their name or claimed type). */
export function checkPhotos(files: Uint8Array[]): CheckedPhoto[] {
	if (files.length > MAX_PHOTOS)
		throw new AppError('upload.invalid', `At most ${MAX_PHOTOS} photos per update.`, { fields: { photos: 'Too many photos.' } });
	return files.map((bytes, i) => {
		if (bytes.length > MAX_PHOTO_BYTES)
			throw new AppError('payload.too_large', `Photo ${i + 1} is larger than 8 MiB.`, { fields: { photos: 'A photo is too large.' } });
		const mime = sniffImage(bytes);
		if (!mime)
			throw new AppError('upload.invalid', `Photo ${i + 1} is not a JPEG, PNG or WebP image.`, {
				fields: { photos: 'Only JPEG, PNG or WebP photos.' }
			});
		return { bytes, mime };
	});
}

const root = (dataDir: string) => resolve(dataDir, 'uploads');

/** Writes a checked photo; returns its path relative to DATA_DIR/uploads. */
export async function writePhoto(dataDir: string, organizationId: string, photo: CheckedPhoto): Promise<string> {
	const dir = join(root(dataDir), organizationId);
	await mkdir(dir, { recursive: true });
	const rel = `${organizationId}/${randomToken()}.${IMAGE_EXTENSIONS[photo.mime]}`;
	await writeFile(join(root(dataDir), rel), photo.bytes, { flag: 'wx' });
	return rel;
}

function absolute(dataDir: string, rel: string): string {
	const base = root(dataDir);
	const path = resolve(base, rel);
	if (!path.startsWith(base + sep)) throw new AppError('not_found', 'No such file.');
	return path;
}

export function readPhoto(dataDir: string, rel: string): Promise<Buffer> {
	return readFile(absolute(dataDir, rel));
}

/** Removes files written for a request that turned out to be a replay. */
export async function removePhotos(dataDir: string, rels: string[]): Promise<void> {
	await Promise.all(rels.map((r) => unlink(absolute(dataDir, r)).catch(() => {})));
}

/**
 * Photos from the phone's camera are resized and compressed before they are queued: the longest
 * side at most 1600 px, JPEG at quality 0.8 (a few hundred KB instead of several MB on a slow
 * connection). The EXIF orientation is applied by the browser when decoding.
 */
export const MAX_SIDE = 1600;
export const QUALITY = 0.8;

/** The size that fits `width`×`height` into `max` on its longest side (never enlarges). */
export function fitWithin(width: number, height: number, max = MAX_SIDE): { width: number; height: number } {
	const scale = Math.min(1, max / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** A JPEG Blob of `file`, resized to fit 1600 px. */
export async function resizePhoto(file: Blob, max = MAX_SIDE, quality = QUALITY): Promise<Blob> {
	const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	const size = fitWithin(bitmap.width, bitmap.height, max);
	const canvas = document.createElement('canvas');
	canvas.width = size.width;
	canvas.height = size.height;
	const g = canvas.getContext('2d');
	if (!g) throw new Error('This browser cannot resize photos.');
	g.fillStyle = '#fff'; // transparent PNGs become white, not black, in JPEG
	g.fillRect(0, 0, size.width, size.height);
	g.drawImage(bitmap, 0, 0, size.width, size.height);
	bitmap.close();
	return new Promise((ok, ko) =>
		canvas.toBlob((b) => (b ? ok(b) : ko(new Error('The photo could not be compressed.'))), 'image/jpeg', quality)
	);
}

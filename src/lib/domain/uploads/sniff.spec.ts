import { describe, expect, it } from 'vitest';
import { sniffImage } from './sniff';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('sniffImage', () => {
	it('recognises JPEG, PNG and WebP by their signatures', () => {
		expect(sniffImage(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0))).toBe('image/jpeg');
		expect(sniffImage(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
		expect(sniffImage(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp');
	});

	it('refuses HTML named .jpg, GIF, SVG, truncated and empty files', () => {
		expect(sniffImage(new TextEncoder().encode('<!doctype html><script>alert(1)</script>'))).toBeNull();
		expect(sniffImage(new TextEncoder().encode('GIF89a'))).toBeNull();
		expect(sniffImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
		expect(sniffImage(bytes(0xff, 0xd8))).toBeNull();
		expect(sniffImage(bytes())).toBeNull();
		expect(sniffImage(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WAVEfmt '))).toBeNull();
	});
});

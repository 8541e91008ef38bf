#!/usr/bin/env node
// Draws the CivicLoop icons as PNGs (no image tools needed): `node scripts/make-icons.mjs`.
// The mark: a rounded square with a loop of four arcs, one per phase of the cycle.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [11, 92, 173],
	WHITE = [255, 255, 255],
	SKY = [159, 208, 255],
	SUN = [255, 209, 102];

function crc32(buf) {
	let c,
		crc = 0xffffffff;
	for (let n = 0; n < buf.length; n++) {
		c = (crc ^ buf[n]) & 0xff;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		crc = (crc >>> 8) ^ c;
	}
	return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
	const raw = Buffer.alloc((size * 4 + 1) * size);
	for (let y = 0; y < size; y++) {
		raw[y * (size * 4 + 1)] = 0;
		for (let x = 0; x < size; x++) {
			const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
			const o = y * (size * 4 + 1) + 1 + x * 4;
			raw[o] = r;
			raw[o + 1] = g;
			raw[o + 2] = b;
			raw[o + 3] = a;
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr[8] = 8;
	ihdr[9] = 6;
	return Buffer.concat([
		Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}
/** Supersampled drawing of the mark in a `size` square; `maskable` fills the whole square. */
function draw(size, maskable) {
	const S = 4;
	return png(size, (px, py) => {
		let acc = [0, 0, 0, 0];
		for (let sy = 0; sy < S; sy++)
			for (let sx = 0; sx < S; sx++) {
				const x = ((px - 0.5 + (sx + 0.5) / S) / size) * 64,
					y = ((py - 0.5 + (sy + 0.5) / S) / size) * 64;
				const c = sample(maskable ? 32 + ((x - 32) / 0.8) * 0.8 : x, y, maskable);
				for (let i = 0; i < 4; i++) acc[i] += c[i];
			}
		return acc.map((v) => Math.round(v / (S * S)));
	});
}
function sample(x, y, maskable) {
	const inRect = maskable || roundedRect(x, y, 64, 14);
	if (!inRect) return [0, 0, 0, 0];
	const scale = maskable ? 0.72 : 1; // maskable: keep the loop inside the 80% safe zone
	const dx = (x - 32) / scale,
		dy = (y - 32) / scale;
	const r = Math.hypot(dx, dy);
	if (Math.abs(r - 18) <= 3.2) {
		const ang = Math.atan2(dy, dx); // quadrants → arc colours, with small gaps between phases
		const deg = ((ang * 180) / Math.PI + 360) % 360;
		if (deg % 90 < 6 || deg % 90 > 84) return [...BLUE, 255];
		const q = Math.floor(deg / 90);
		return [...[WHITE, SKY, WHITE, SUN][q === 0 ? 1 : q === 1 ? 2 : q === 2 ? 3 : 0], 255];
	}
	return [...BLUE, 255];
}
function roundedRect(x, y, s, rad) {
	const cx = Math.min(Math.max(x, rad), s - rad),
		cy = Math.min(Math.max(y, rad), s - rad);
	return Math.hypot(x - cx, y - cy) <= rad;
}
const out = new URL('../static/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), draw(192, false));
writeFileSync(new URL('icon-512.png', out), draw(512, false));
writeFileSync(new URL('maskable-512.png', out), draw(512, true));
writeFileSync(new URL('maskable-192.png', out), draw(192, true));
console.log('icons written to static/icons/');

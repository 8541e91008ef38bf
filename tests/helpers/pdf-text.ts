/**
 * Text of a PDF made by pdfkit, without any extra tool: inflate each Flate content stream and
 * read the strings of its `Tj`/`TJ` operators (pdfkit writes hex strings in the font's
 * WinAnsi encoding). Each text object (BT … ET) becomes one line. Enough for our own PDFs; not a
 * general PDF reader.
 */
import { inflateSync } from 'node:zlib';

// 0x80–0x9F of WinAnsi (Node's TextDecoder reads 'windows-1252' as Latin-1 there).
const WIN_ANSI_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const winAnsi = {
	decode: (bytes: Uint8Array) =>
		String.fromCharCode(...bytes).replace(/[\u0080-\u009f]/g, (c) => WIN_ANSI_HIGH[c.charCodeAt(0) - 0x80] ?? c)
};

function decodeHex(hex: string): string {
	const clean = hex.replace(/\s+/g, '');
	const bytes = new Uint8Array(clean.length / 2);
	for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
	return winAnsi.decode(bytes);
}

function decodeLiteral(s: string): string {
	return s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, e: string) =>
		/^[0-7]+$/.test(e)
			? String.fromCharCode(parseInt(e, 8))
			: (({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e)
	);
}

/** The text lines of every page, in content order. */
export function pdfText(pdf: Buffer): string[] {
	const lines: string[] = [];
	const latin = pdf.toString('latin1');
	const re = /stream\r?\n/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(latin))) {
		const start = m.index + m[0].length;
		const end = latin.indexOf('endstream', start);
		if (end < 0) break;
		const header = latin.slice(Math.max(0, m.index - 300), m.index);
		let content: string;
		try {
			content = header.includes('/FlateDecode') ? inflateSync(pdf.subarray(start, end)).toString('latin1') : latin.slice(start, end);
		} catch {
			continue; // not a deflated stream we can read (fonts, images)
		}
		for (const block of content.split(/\bBT\b/).slice(1)) {
			const body = block.split(/\bET\b/)[0] ?? '';
			let line = '';
			const ops = /\[((?:<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\)|[-\d.\s])*)\]\s*TJ|<([0-9a-fA-F\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g;
			let op: RegExpExecArray | null;
			while ((op = ops.exec(body))) {
				if (op[1] !== undefined) {
					for (const part of op[1].matchAll(/<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)/g))
						line += part[1] !== undefined ? decodeHex(part[1]) : decodeLiteral(part[2] ?? '');
				} else if (op[2] !== undefined) line += decodeHex(op[2]);
				else line += decodeLiteral(op[3] ?? '');
			}
			if (line.trim()) lines.push(line.trim());
		}
	}
	return lines;
}

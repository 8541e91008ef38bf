/**
 * Text of a PDF made by pdfkit, without any extra tool: inflate each Flate content stream and
 * read the strings of its `Tj`/`TJ` operators (pdfkit writes hex strings in the font's
 * WinAnsi encoding). Each text object (BT … ET) becomes one line. `pdfPages` reads page by page,
 * with each line's position and the marked content around it (structure content or artifact).
 * Enough for our own PDFs; not a general PDF reader.
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
			const line = textOf(block.split(/\bET\b/)[0] ?? '');
			if (line) lines.push(line);
		}
	}
	return lines;
}

/** The text shown by the `Tj`/`TJ` operators of one text object, trimmed. */
function textOf(body: string): string {
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
	return line.trim();
}

export interface PdfLine {
	text: string;
	/** where the text starts, in PDF points from the bottom left of the page (pdfkit writes 1 0 0 1 x y Tm) */
	x: number;
	y: number;
	/** font size */
	size: number;
	/** the innermost marked content around the text: a structure tag ('P', 'TD' …) or 'Artifact' */
	tag: string | null;
	/** structure content: its marked-content id (the structure tree points at it) */
	mcid: number | null;
	/** an artifact's /Type ('Pagination', 'Layout') */
	artifact: string | null;
}

/** The object `id` of the file: its dictionary and, for a stream, the (inflated) stream data. */
function object(pdf: Buffer, latin: string, id: string): { dict: string; stream: string | null } {
	const at = latin.search(new RegExp(`(^|\\n)${id} 0 obj\\b`));
	if (at < 0) throw new Error(`PDF object ${id} not found`);
	const end = latin.indexOf('endobj', at);
	const streamAt = latin.indexOf('stream', at);
	const dict = latin.slice(at, streamAt >= 0 && streamAt < end ? streamAt : end);
	if (streamAt < 0 || streamAt > end) return { dict, stream: null };
	const start = streamAt + (latin[streamAt + 6] === '\r' ? 8 : 7);
	const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
	const data = pdf.subarray(start, start + length);
	return { dict, stream: (dict.includes('/FlateDecode') ? inflateSync(data) : data).toString('latin1') };
}

/** The page count the file declares (/Count of its page tree). */
export function pdfPageCount(pdf: Buffer): number {
	const m = /\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'));
	if (!m) throw new Error('no page tree');
	return Number(m[1]);
}

/** The text lines of each page, in page order (the /Kids of the page tree), in content order. */
export function pdfPages(pdf: Buffer): PdfLine[][] {
	const latin = pdf.toString('latin1');
	const kids = /\/Type \/Pages\s*\/Count \d+\s*\/Kids \[([^\]]*)\]/.exec(latin)?.[1] ?? '';
	return [...kids.matchAll(/(\d+) 0 R/g)].map(([, page]) => {
		const contents = /\/Contents (\d+) 0 R/.exec(object(pdf, latin, page!).dict)?.[1];
		return contents ? pageLines(object(pdf, latin, contents).stream ?? '') : [];
	});
}

function pageLines(content: string): PdfLine[] {
	const lines: PdfLine[] = [];
	const marks: { tag: string; dict: string }[] = [];
	const ops = /\/(\w+)\s*<<([\s\S]*?)>>\s*BDC|\/(\w+)\s+BMC|\bEMC\b|\bBT\b([\s\S]*?)\bET\b/g;
	for (const [op, bdcTag, dict, bmcTag, body] of content.matchAll(ops)) {
		if (bdcTag !== undefined) marks.push({ tag: bdcTag, dict: dict ?? '' });
		else if (bmcTag !== undefined) marks.push({ tag: bmcTag, dict: '' });
		else if (op === 'EMC') marks.pop();
		else {
			const text = textOf(body ?? '');
			if (!text) continue;
			const tm = /([-\d.]+)\s+([-\d.]+)\s+Tm/.exec(body ?? '');
			const mark = marks.at(-1);
			const mcid = mark && /\/MCID (\d+)/.exec(mark.dict);
			lines.push({
				text,
				x: Number(tm?.[1] ?? NaN),
				y: Number(tm?.[2] ?? NaN),
				size: Number(/([\d.]+)\s+Tf/.exec(body ?? '')?.[1] ?? NaN),
				tag: mark?.tag ?? null,
				mcid: mcid ? Number(mcid[1]) : null,
				artifact: (mark?.tag === 'Artifact' && /\/Type \/(\w+)/.exec(mark.dict)?.[1]) || null
			});
		}
	}
	return lines;
}

/** The footer text of each page: its pagination artifacts, in content order. */
export const pdfFooters = (pdf: Buffer): string[][] =>
	pdfPages(pdf).map((page) => page.filter((l) => l.artifact === 'Pagination').map((l) => l.text));

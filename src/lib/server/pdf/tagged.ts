/**
 * Shared pdfkit plumbing for our tagged (accessible) PDFs: a PDF 1.7 document with a structure
 * tree (Document root), title shown in the viewer's title bar, a language, text written inside
 * structure elements (H1, P, LI, TD …), vector drawing marked as artifacts or figures, and a
 * footer on every page ("Page N of M" and a note) marked as a pagination artifact, so screen
 * readers skip it. Used by the printable checklist and the survey summary report.
 */
import PDFDocument from 'pdfkit';
import { translator, type Locale } from '../../i18n';

export const INK = '#111111';
export const SOFT = '#333333';

export interface TaggedPdf {
	doc: PDFKit.PDFDocument;
	/** The Document structure element; add sections and blocks to it. */
	root: PDFKit.PDFStructureElement;
	/** Ends the structure and the document; resolves with the bytes. */
	finish(): Promise<Buffer>;
}

/** The footer of every page: the note (title, date …) at the left, "Page N of M" at the right. */
export interface PageFooter {
	/** the language of "Page N of M" */
	locale: Locale;
	note?: string;
}

export function openTaggedPdf(opts: { title: string; subject: string; lang: string; margin: number; footer: PageFooter }): TaggedPdf {
	const doc = new PDFDocument({
		size: 'LETTER',
		margin: opts.margin,
		// Pages stay in memory until the end, when the total page count is known for the footers.
		bufferPages: true,
		tagged: true,
		displayTitle: true,
		lang: opts.lang,
		pdfVersion: '1.7',
		info: { Title: opts.title, Subject: opts.subject, Creator: 'CivicLoop', Producer: 'CivicLoop' }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((ok, ko) => {
		doc.on('end', () => ok(Buffer.concat(chunks)));
		doc.on('error', ko);
	});
	const root = doc.struct('Document');
	doc.addStructure(root);
	return {
		doc,
		root,
		finish() {
			writeFooters(doc, opts.footer);
			root.end();
			doc.end();
			return done;
		}
	};
}

export interface TextStyle {
	font?: 'Helvetica' | 'Helvetica-Bold' | 'Helvetica-Oblique';
	size?: number;
	color?: string;
	x?: number;
	y?: number;
	width: number;
	/** lines to move down before the text */
	before?: number;
}

/**
 * Writes `text` as one structure element `tag` under `parent`. The trailing space keeps words of
 * consecutive text objects apart when a reader extracts the text.
 */
export function taggedText(
	doc: PDFKit.PDFDocument,
	parent: PDFKit.PDFStructureElement,
	tag: string,
	text: string,
	style: TextStyle
): PDFKit.PDFStructureElement {
	const el = doc.struct(tag);
	parent.add(el);
	el.add(doc.markStructureContent(tag));
	if (style.before) doc.moveDown(style.before);
	doc
		.font(style.font ?? 'Helvetica')
		.fontSize(style.size ?? 11)
		.fillColor(style.color ?? INK);
	if (style.x !== undefined) doc.text(`${text} `, style.x, style.y ?? doc.y, { width: style.width });
	else doc.text(`${text} `, { width: style.width });
	doc.endMarkedContent();
	el.end();
	return el;
}

/** Vector drawing that carries no meaning of its own (rules, decoration). */
export function artifact(doc: PDFKit.PDFDocument, draw: () => void): void {
	doc.markContent('Artifact', { type: 'Layout' });
	draw();
	doc.endMarkedContent();
}

/** Starts a new page when fewer than `height` points are left above the bottom margin. */
export function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
	if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

const FOOTER_SIZE = 8.5;

/**
 * Writes the footer of every (buffered) page inside its bottom margin, vertically centred there:
 * the body never reaches the margin (pdfkit breaks pages above it, `ensureRoom` too), and text
 * written with `lineBreak: false` never starts a page of its own. One artifact per page, of type
 * Pagination, outside the structure tree.
 */
function writeFooters(doc: PDFKit.PDFDocument, footer: PageFooter): void {
	const t = translator(footer.locale);
	const { start, count } = doc.bufferedPageRange();
	for (let i = 0; i < count; i++) {
		doc.switchToPage(start + i);
		const { width, height, margins } = doc.page;
		const right = width - margins.right;
		const y = height - margins.bottom / 2 - FOOTER_SIZE / 2;
		const label = `${t('pdfFooter.page', { n: i + 1, count })} `;
		doc.markContent('Artifact', { type: 'Pagination', attached: ['Bottom'] });
		doc.font('Helvetica').fontSize(FOOTER_SIZE).fillColor(SOFT);
		const labelWidth = doc.widthOfString(label);
		if (footer.note) doc.text(`${fit(doc, footer.note, right - margins.left - labelWidth - 18)} `, margins.left, y, { lineBreak: false });
		doc.text(label, right - labelWidth, y, { lineBreak: false });
		doc.endMarkedContent();
	}
}

/** `text`, cut short with an ellipsis to fit `width` at the current font and size. */
function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
	if (doc.widthOfString(text) <= width) return text;
	let cut = text;
	while (cut && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
	return `${cut.trimEnd()}…`;
}

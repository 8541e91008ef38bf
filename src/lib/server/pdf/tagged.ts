/**
 * Shared pdfkit plumbing for our tagged (accessible) PDFs: a PDF 1.7 document with a structure
 * tree (Document root), title shown in the viewer's title bar, a language, text written inside
 * structure elements (H1, P, LI, TD …), and vector drawing marked as artifacts or figures.
 * Used by the printable checklist and the survey summary report.
 */
import PDFDocument from 'pdfkit';

export const INK = '#111111';
export const SOFT = '#333333';

export interface TaggedPdf {
	doc: PDFKit.PDFDocument;
	/** The Document structure element; add sections and blocks to it. */
	root: PDFKit.PDFStructureElement;
	/** Ends the structure and the document; resolves with the bytes. */
	finish(): Promise<Buffer>;
}

export function openTaggedPdf(opts: { title: string; subject: string; lang: string; margin: number }): TaggedPdf {
	const doc = new PDFDocument({
		size: 'LETTER',
		margin: opts.margin,
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

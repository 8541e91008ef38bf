/**
 * The printable checklist: a tagged (accessible) PDF made with pdfkit, text not images. Reading
 * order and structure: Document → H1 title, P cycle line, then per phase a Sect with an H2 and a
 * list (L → LI → Lbl "Done"/"To do" around the drawn checkbox, LBody with the text, assignee and
 * due date). Vector rules are artifacts, and so is the footer of each page (title, "Page N of M").
 */
import { artifact, ensureRoom, INK, openTaggedPdf, SOFT, taggedText } from '../pdf/tagged';

export interface PdfItem {
	text: string;
	done: boolean;
	assignee: string | null;
	due: string | null;
}

export interface ChecklistPdfInput {
	title: string;
	subtitle: string;
	phases: { label: string; items: PdfItem[] }[];
	/** the blank template: empty boxes and lines to fill in by hand */
	blank: boolean;
}

const MARGIN = 54;
const BOX = 11;
const INDENT = 22;

/** Renders the checklist; resolves with the PDF bytes. */
export function renderChecklistPdf(input: ChecklistPdfInput): Promise<Buffer> {
	const { doc, root, finish } = openTaggedPdf({
		title: input.title,
		subject: input.subtitle,
		lang: 'en-US',
		margin: MARGIN,
		footer: { locale: 'en', note: input.title }
	});
	const width = doc.page.width - MARGIN * 2;
	taggedText(doc, root, 'H1', input.title, { font: 'Helvetica-Bold', size: 20, width });
	taggedText(doc, root, 'P', input.subtitle, { size: 11, color: SOFT, width, before: 0.2 });
	for (const phase of input.phases) renderPhase(doc, root, phase, input.blank, width);
	return finish();
}

function renderPhase(
	doc: PDFKit.PDFDocument,
	root: PDFKit.PDFStructureElement,
	phase: ChecklistPdfInput['phases'][number],
	blank: boolean,
	width: number
) {
	const sect = doc.struct('Sect');
	root.add(sect);
	doc.moveDown(1);
	ensureRoom(doc, 60);
	const count = blank ? `${phase.items.length} steps` : `${phase.items.filter((i) => i.done).length} of ${phase.items.length} done`;
	taggedText(doc, sect, 'H2', `${phase.label} (${count})`, { font: 'Helvetica-Bold', size: 14, width });
	artifact(doc, () =>
		doc
			.moveTo(doc.x, doc.y + 2)
			.lineTo(doc.x + width, doc.y + 2)
			.lineWidth(0.75)
			.strokeColor(SOFT)
			.stroke()
	);
	doc.moveDown(0.6);

	if (phase.items.length === 0) {
		taggedText(doc, sect, 'P', 'No items in this phase.', { color: SOFT, width });
		sect.end();
		return;
	}
	const list = doc.struct('L');
	sect.add(list);
	for (const item of phase.items) renderItem(doc, list, item, blank, width);
	list.end();
	sect.end();
}

function renderItem(doc: PDFKit.PDFDocument, list: PDFKit.PDFStructureElement, item: PdfItem, blank: boolean, width: number) {
	const textWidth = width - INDENT;
	doc.font('Helvetica').fontSize(11);
	ensureRoom(doc, doc.heightOfString(item.text, { width: textWidth }) + 30);
	const x = MARGIN;
	const y = doc.y;
	const li = doc.struct('LI');
	list.add(li);

	// The checkbox is drawn, not typed: its label carries the state as actual text.
	const lbl = doc.struct('Lbl', { actual: item.done ? 'Done: ' : 'To do: ' });
	li.add(lbl);
	lbl.add(doc.markStructureContent('Lbl'));
	doc
		.lineWidth(1)
		.strokeColor(INK)
		.rect(x, y + 1, BOX, BOX)
		.stroke();
	if (item.done)
		doc
			.lineWidth(1.6)
			.moveTo(x + 2.2, y + 6.8)
			.lineTo(x + 4.6, y + 9.6)
			.lineTo(x + 9, y + 3)
			.stroke();
	doc.endMarkedContent();
	lbl.end();

	const body = doc.struct('LBody');
	li.add(body);
	body.add(doc.markStructureContent('LBody'));
	doc
		.font('Helvetica')
		.fontSize(11)
		.fillColor(INK)
		.text(`${item.text} `, x + INDENT, y, { width: textWidth });
	const meta = blank
		? 'Assignee: ____________________   Due: ______________ '
		: `Assignee: ${item.assignee ?? 'unassigned'}   Due: ${item.due ?? 'no date'} `;
	doc
		.moveDown(0.15)
		.fontSize(9.5)
		.fillColor(SOFT)
		.text(meta, x + INDENT, doc.y, { width: textWidth });
	doc.endMarkedContent();
	body.end();
	li.end();
	doc.x = MARGIN;
	doc.moveDown(0.7);
}

import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { pdfPageCount, pdfPages, type PdfLine } from '../../../../tests/helpers/pdf-text';
import { ensureRoom, openTaggedPdf, taggedText, type PageFooter } from './tagged';

const MARGIN = 54;

/** A tagged PDF of `paragraphs` numbered paragraphs, with the footer. */
async function render(paragraphs: number, footer: PageFooter): Promise<Buffer> {
	const { doc, root, finish } = openTaggedPdf({ title: 'Footers', subject: 'test', lang: 'en-US', margin: MARGIN, footer });
	const width = doc.page.width - MARGIN * 2;
	taggedText(doc, root, 'H1', 'Footers', { font: 'Helvetica-Bold', size: 20, width });
	for (let i = 1; i <= paragraphs; i++) {
		ensureRoom(doc, 30);
		taggedText(doc, root, 'P', `Paragraph ${i}: ${'words that wrap over more than one line '.repeat(3)}`, { width });
	}
	return finish();
}

const footerOf = (page: PdfLine[]) => page.filter((l) => l.artifact === 'Pagination');
const bodyOf = (page: PdfLine[]) => page.filter((l) => l.artifact !== 'Pagination');

describe('the page footer of our tagged PDFs', () => {
	it('numbers every page "Page N of M" after the note, as pagination artifacts below the body', async () => {
		const pdf = await render(60, { locale: 'en', note: 'Resident survey · Generated on May 1, 2026' });
		const count = pdfPageCount(pdf);
		expect(count).toBeGreaterThan(2);
		const pages = pdfPages(pdf);
		expect(pages).toHaveLength(count);
		pages.forEach((page, i) => {
			expect(footerOf(page).map((l) => l.text)).toEqual(['Resident survey · Generated on May 1, 2026', `Page ${i + 1} of ${count}`]);
			// Outside the structure tree: screen readers skip it; the body stays structure content.
			for (const l of footerOf(page)) expect(l.mcid).toBeNull();
			expect(bodyOf(page).length).toBeGreaterThan(0);
			for (const l of bodyOf(page)) expect(l.mcid).not.toBeNull();
			// Inside the bottom margin, which the body never enters (y from the bottom of the page).
			for (const l of footerOf(page)) expect(l.y + l.size).toBeLessThanOrEqual(MARGIN);
			for (const l of bodyOf(page)) expect(l.y).toBeGreaterThanOrEqual(MARGIN);
		});
		expect(pages.flat().filter((l) => l.text.startsWith('Paragraph '))).toHaveLength(60);
	});

	it('adds no page to a one-page document and is in Spanish for a Spanish reader', async () => {
		const pdf = await render(2, { locale: 'es' });
		expect(pdfPageCount(pdf)).toBe(1);
		expect(footerOf(pdfPages(pdf)[0]!).map((l) => l.text)).toEqual(['Página 1 de 1']);
	});

	it('cuts a note too long for one line short with an ellipsis, clear of the page number', async () => {
		const note = `${'A very long survey title '.repeat(8)}· Generated on May 1, 2026`;
		const [first] = pdfPages(await render(1, { locale: 'en', note }));
		const [cut, label] = footerOf(first!);
		expect(label!.text).toBe('Page 1 of 1');
		expect(cut!.text.endsWith('…')).toBe(true);
		expect(note.startsWith(cut!.text.slice(0, -1))).toBe(true);
		const measure = new PDFDocument().font('Helvetica').fontSize(cut!.size);
		expect(cut!.x + measure.widthOfString(cut!.text)).toBeLessThan(label!.x);
		expect(cut!.y).toBe(label!.y);
	});
});

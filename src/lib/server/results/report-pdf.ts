/**
 * The survey summary report as a tagged PDF (pdfkit, PDF 1.7, title and language set). Structure:
 * Document → cover (H1, P) → Sect per part with H2: method (Table), key findings (L), highest and
 * lowest (L), changes and benchmarks (L), focus areas (H3 + Figure with a text alternative; the
 * bars are vector paths), action plan (P + Figure), appendix (Table with TH/TD). Rules are artifacts;
 * so is the footer of each page (survey title, the date the report was made, "Page N of M").
 */
import {
	barText,
	benchmarkLines,
	changeLines,
	formatDate,
	formatNumber,
	maxMoeNote,
	moeNote,
	points,
	valueOf,
	weightingNote,
	type SummaryQuestion,
	type SummaryReport
} from '../../domain/results/summary';
import { translator, type Translate } from '../../i18n';
import { artifact, ensureRoom, INK, openTaggedPdf, SOFT, taggedText } from '../pdf/tagged';

const MARGIN = 54;
const BLUE = '#1f4e96';
const TRACK = '#e3e6ea';

type Doc = PDFKit.PDFDocument;
type El = PDFKit.PDFStructureElement;

interface Ctx {
	doc: Doc;
	t: Translate;
	r: SummaryReport;
	width: number;
}

/** Renders the report; resolves with the PDF bytes. */
export function renderReportPdf(r: SummaryReport): Promise<Buffer> {
	const t = translator(r.locale);
	const title = t('report.title', { title: r.survey.title });
	const { doc, root, finish } = openTaggedPdf({
		title,
		subject: r.organization,
		lang: r.locale === 'es' ? 'es' : 'en-US',
		margin: MARGIN,
		footer: {
			locale: r.locale,
			note: t('pdfFooter.report', { title: r.survey.title, date: formatDate(r.preparedOn, r.locale) })
		}
	});
	const c: Ctx = { doc, t, r, width: doc.page.width - MARGIN * 2 };
	cover(c, root, title);
	doc.addPage();
	method(c, root);
	findings(c, root);
	if (r.questions.length) {
		highLow(c, root);
		changes(c, root);
		benchmarks(c, root);
		areas(c, root);
	}
	plan(c, root);
	if (r.questions.length) appendix(c, root);
	return finish();
}

function cover(c: Ctx, root: El, title: string) {
	const { doc, t, r, width } = c;
	const x = MARGIN + 22;
	const w = width - 22;
	doc.y = MARGIN;
	taggedText(doc, root, 'P', r.organization, { font: 'Helvetica-Bold', size: 14, color: BLUE, x, width: w });
	taggedText(doc, root, 'H1', title, { font: 'Helvetica-Bold', size: 26, x, width: w, before: 0.6 });
	const period = r.period
		? t('report.period', { from: formatDate(r.period.from, r.locale), to: formatDate(r.period.to, r.locale) })
		: t('report.periodNone');
	taggedText(doc, root, 'P', period, { size: 13, color: SOFT, x, width: w, before: 0.8 });
	taggedText(doc, root, 'P', t('report.responses', { count: formatNumber(r.responses, r.locale) }), {
		size: 13,
		color: SOFT,
		x,
		width: w
	});
	const moe = maxMoeNote(r, t);
	if (moe) taggedText(doc, root, 'P', moe, { size: 13, color: SOFT, x, width: w });
	taggedText(doc, root, 'P', t('report.prepared', { date: formatDate(r.preparedOn, r.locale) }), {
		size: 11,
		color: SOFT,
		x,
		width: w,
		before: 1.2
	});
	const bottom = doc.y;
	artifact(doc, () => doc.rect(MARGIN, MARGIN, 6, bottom - MARGIN).fill(BLUE));
	doc.x = MARGIN;
}

function section(c: Ctx, root: El, title: string, room = 80): El {
	const { doc, width } = c;
	const sect = doc.struct('Sect');
	root.add(sect);
	doc.x = MARGIN;
	doc.moveDown(1);
	ensureRoom(doc, room);
	taggedText(doc, sect, 'H2', title, { font: 'Helvetica-Bold', size: 16, color: BLUE, width });
	artifact(doc, () =>
		doc
			.moveTo(MARGIN, doc.y + 1)
			.lineTo(MARGIN + width, doc.y + 1)
			.lineWidth(0.75)
			.strokeColor(SOFT)
			.stroke()
	);
	doc.moveDown(0.5);
	return sect;
}

function para(c: Ctx, parent: El, text: string, size = 11) {
	ensureRoom(c.doc, 30);
	taggedText(c.doc, parent, 'P', text, { size, width: c.width });
	c.doc.moveDown(0.3);
}

/** A bulleted list: L → LI → Lbl (the bullet) + LBody. */
function list(c: Ctx, parent: El, items: string[]) {
	const { doc, width } = c;
	const l = doc.struct('L');
	parent.add(l);
	for (const text of items) {
		doc.font('Helvetica').fontSize(11);
		ensureRoom(doc, doc.heightOfString(text, { width: width - 14 }) + 6);
		const li = doc.struct('LI');
		l.add(li);
		const y = doc.y;
		taggedText(doc, li, 'Lbl', '•', { x: MARGIN, y, width: 12 });
		taggedText(doc, li, 'LBody', text, { x: MARGIN + 14, y, width: width - 14 });
		li.end();
		doc.moveDown(0.25);
	}
	l.end();
	doc.x = MARGIN;
}

interface Cell {
	text: string;
	align?: 'left' | 'right';
}

/** A table: Table → TR → TH/TD, the header repeated (as an artifact) on each new page. */
function table(c: Ctx, parent: El, widths: number[], header: Cell[] | null, rows: Cell[][], firstIsHeader = false) {
	const { doc } = c;
	const tbl = doc.struct('Table');
	parent.add(tbl);
	const heightOf = (cells: Cell[], bold: boolean) => {
		doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
		return Math.max(...cells.map((cell, i) => doc.heightOfString(cell.text, { width: widths[i]! - 6 }))) + 6;
	};
	const drawRow = (cells: Cell[], tags: string[], bold: boolean, tr: El | null) => {
		const h = heightOf(cells, bold);
		const y = doc.y;
		let x = MARGIN;
		cells.forEach((cell, i) => {
			const w = widths[i]!;
			doc
				.font(bold || tags[i] === 'TH' ? 'Helvetica-Bold' : 'Helvetica')
				.fontSize(10)
				.fillColor(INK);
			if (tr) {
				const el = doc.struct(tags[i]!);
				tr.add(el);
				el.add(doc.markStructureContent(tags[i]!));
				doc.text(`${cell.text} `, x + 3, y + 3, { width: w - 6, align: cell.align ?? 'left' });
				doc.endMarkedContent();
				el.end();
			} else artifact(doc, () => doc.text(`${cell.text} `, x + 3, y + 3, { width: w - 6, align: cell.align ?? 'left' }));
			x += w;
		});
		artifact(doc, () =>
			doc
				.moveTo(MARGIN, y + h)
				.lineTo(MARGIN + widths.reduce((a, b) => a + b, 0), y + h)
				.lineWidth(0.5)
				.strokeColor('#8a8f96')
				.stroke()
		);
		doc.y = y + h;
		doc.x = MARGIN;
	};
	const row = (cells: Cell[], tags: string[], bold: boolean) => {
		const tr = doc.struct('TR');
		tbl.add(tr);
		drawRow(cells, tags, bold, tr);
		tr.end();
	};
	if (header)
		row(
			header,
			header.map(() => 'TH'),
			true
		);
	for (const cells of rows) {
		if (doc.y + heightOf(cells, false) > doc.page.height - MARGIN) {
			doc.addPage();
			if (header)
				drawRow(
					header,
					header.map(() => 'TH'),
					true,
					null
				);
		}
		row(
			cells,
			cells.map((_, i) => (firstIsHeader && i === 0 ? 'TH' : 'TD')),
			false
		);
	}
	tbl.end();
	doc.moveDown(0.5);
}

function method(c: Ctx, root: El) {
	const { t, r, width } = c;
	const m = r.method;
	const sect = section(c, root, t('report.method.title'));
	const n = (x: number, d = 0) => formatNumber(x, r.locale, d);
	table(
		c,
		sect,
		[width * 0.45, width * 0.55],
		null,
		[
			[{ text: t('report.method.n') }, { text: n(r.responses) }],
			[{ text: t('report.method.effectiveN') }, { text: n(m.effectiveN) }],
			[{ text: t('report.method.deff') }, { text: n(m.deff, 2) }],
			[{ text: t('report.method.dimensions') }, { text: m.dimensions.length ? m.dimensions.join(', ') : t('report.method.none') }]
		],
		true
	);
	para(c, sect, weightingNote(r, t));
	para(c, sect, t('report.method.positive'));
	para(c, sect, moeNote(r, t));
	para(c, sect, t('report.method.compare'));
	sect.end();
}

function findings(c: Ctx, root: El) {
	const sect = section(c, root, c.t('report.findings.title'));
	if (c.r.findings.length) list(c, sect, c.r.findings);
	else para(c, sect, c.t('report.empty'));
	sect.end();
}

function highLow(c: Ctx, root: El) {
	const { doc, t, r } = c;
	const sect = section(c, root, t('report.highlow.title'));
	taggedText(doc, sect, 'H3', t('report.highest'), { font: 'Helvetica-Bold', size: 12, width: c.width });
	list(
		c,
		sect,
		r.highest.map((q) => `${q.text}: ${valueOf(q)}`)
	);
	doc.moveDown(0.3);
	taggedText(doc, sect, 'H3', t('report.lowest'), { font: 'Helvetica-Bold', size: 12, width: c.width });
	list(
		c,
		sect,
		r.lowest.map((q) => `${q.text}: ${valueOf(q)}`)
	);
	sect.end();
}

function changes(c: Ctx, root: El) {
	const { t, r } = c;
	const sect = section(c, root, t('report.changes.title'));
	if (!r.previousTitle) para(c, sect, t('report.changes.none'));
	else {
		para(c, sect, t('report.changes.lead', { previous: r.previousTitle }));
		list(c, sect, changeLines(r, t));
	}
	sect.end();
}

function benchmarks(c: Ctx, root: El) {
	const { t, r } = c;
	const sect = section(c, root, t('report.benchmarks.title'));
	if (!r.benchmarks.length) para(c, sect, t('report.benchmarks.none'));
	else list(c, sect, benchmarkLines(r, t));
	sect.end();
}

/** One horizontal bar: track, value, 95% band, last cycle tick, benchmark diamond (0–100 %). */
function drawBar(doc: Doc, x: number, y: number, w: number, q: SummaryQuestion) {
	const at = (p: number) => x + Math.max(0, Math.min(1, p)) * w;
	doc.rect(x, y + 2, w, 8).fill(TRACK);
	if (q.percentPositive !== null) {
		doc.rect(x, y + 2, at(q.percentPositive) - x, 8).fill(BLUE);
		if (q.moe !== null) {
			const lo = at(q.percentPositive - q.moe);
			const hi = at(q.percentPositive + q.moe);
			doc
				.save()
				.fillOpacity(0.35)
				.rect(lo, y, hi - lo, 12)
				.fill('#0b2a55')
				.restore();
		}
	}
	if (q.previous !== null) doc.rect(at(q.previous) - 0.9, y - 2, 1.8, 16).fill(INK);
	if (q.benchmark) {
		const bx = at(q.benchmark.value);
		doc
			.moveTo(bx, y - 1)
			.lineTo(bx + 4, y + 6)
			.lineTo(bx, y + 13)
			.lineTo(bx - 4, y + 6)
			.closePath()
			.lineWidth(1.2)
			.strokeColor('#b3261e')
			.stroke();
	}
}

function areas(c: Ctx, root: El) {
	const { doc, t, r, width } = c;
	const sect = section(c, root, t('report.areas.title'), 140);
	para(c, sect, t('report.legend'), 9.5);
	const labelW = width * 0.42;
	const barX = MARGIN + labelW + 8;
	const barW = width - labelW - 8 - 44;
	for (const group of r.areas) {
		doc.moveDown(0.6);
		ensureRoom(doc, 60);
		taggedText(doc, sect, 'H3', group.area, { font: 'Helvetica-Bold', size: 12, width });
		doc.moveDown(0.3);
		const alt = [t('report.chart.alt', { area: group.area }), ...group.questions.map((q) => barText(q, t))].join(' ');
		const fig = doc.struct('Figure', { alt });
		sect.add(fig);
		for (const q of group.questions) {
			doc.font('Helvetica').fontSize(9.5);
			const h = Math.max(doc.heightOfString(q.text, { width: labelW }), 14) + 8;
			ensureRoom(doc, h);
			const y = doc.y;
			const content = doc.markStructureContent('Figure');
			fig.add(content);
			doc.fillColor(INK).text(`${q.text} `, MARGIN, y, { width: labelW });
			drawBar(doc, barX, y, barW, q);
			doc
				.font('Helvetica-Bold')
				.fontSize(9.5)
				.fillColor(INK)
				.text(`${valueOf(q)} `, barX + barW + 6, y, { width: 38 });
			doc.endMarkedContent();
			doc.y = y + h;
			doc.x = MARGIN;
		}
		fig.end();
	}
	sect.end();
}

function plan(c: Ctx, root: El) {
	const { doc, t, r, width } = c;
	const p = r.plan;
	if (!p) return;
	const sect = section(c, root, t('report.plan.title'), 120);
	para(
		c,
		sect,
		t('report.plan.lead', {
			cycle: p.cycle,
			progress: p.rollup.progress,
			done: p.rollup.done,
			actions: p.rollup.actions,
			goals: p.rollup.goals
		})
	);
	const lines = p.goals.map((g) =>
		t('report.plan.goal', {
			title: g.title,
			progress: g.progress,
			done: g.done,
			actions: g.actions,
			status: t(`report.status.${g.status}`)
		})
	);
	const fig = doc.struct('Figure', { alt: `${t('report.plan.alt')} ${lines.join(' ')}` });
	sect.add(fig);
	const barW = width * 0.3;
	for (const [i, g] of p.goals.entries()) {
		doc.font('Helvetica').fontSize(9.5);
		const h = Math.max(doc.heightOfString(lines[i]!, { width: width - barW - 10 }), 12) + 8;
		ensureRoom(doc, h);
		const y = doc.y;
		fig.add(doc.markStructureContent('Figure'));
		doc.fillColor(INK).text(`${lines[i]} `, MARGIN, y, { width: width - barW - 10 });
		const x = MARGIN + width - barW;
		doc.rect(x, y + 2, barW, 8).fill(TRACK);
		doc.rect(x, y + 2, (barW * g.progress) / 100, 8).fill(BLUE);
		doc.endMarkedContent();
		doc.y = y + h;
		doc.x = MARGIN;
	}
	fig.end();
	sect.end();
}

function appendix(c: Ctx, root: El) {
	const { doc, t, r, width } = c;
	doc.addPage();
	const sect = section(c, root, t('report.appendix.title'));
	const widths = [width * 0.46, width * 0.2, width * 0.1, width * 0.12, width * 0.12];
	table(
		c,
		sect,
		widths,
		[
			{ text: t('report.col.question') },
			{ text: t('report.col.area') },
			{ text: t('report.col.n'), align: 'right' },
			{ text: t('report.col.positive'), align: 'right' },
			{ text: t('report.col.moe'), align: 'right' }
		],
		r.questions.map((q) => [
			{ text: q.nps ? `${q.text} (NPS ${formatNumber(q.nps.nps, r.locale)})` : q.text },
			{ text: q.focusArea },
			{ text: formatNumber(q.n, r.locale), align: 'right' },
			{ text: valueOf(q), align: 'right' },
			{ text: q.moe === null ? '—' : points(q.moe), align: 'right' }
		])
	);
	sect.end();
}

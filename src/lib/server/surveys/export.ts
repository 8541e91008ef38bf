/**
 * Response exports (CSV streamed page by page, XLSX built in memory): one column per question
 * key, then channel, language, submitted_at, and the raking weight when the survey has margins
 * (computed as the results page computes it, so the file matches the published numbers). Every cell passes through
 * `neutralizeCell`, so no answer is ever read as a spreadsheet formula. Scoped to the caller's
 * organization like every other read.
 */
import Papa from 'papaparse';
import type { Actor } from '../../domain/auth/policies';
import type { AnswerValue } from '../../domain/surveys/answers';
import type { Question, Questionnaire } from '../../domain/surveys/questionnaire';
import { answerToCell, exportQuestions, neutralizeCell, type ValueMode } from '../../domain/surveys/tabular';
import type { Database_ } from '../db/client';
import { responseRepo, versionRepo, type ResponseRow, type SurveyRow } from './repository';

interface Plan {
	survey: SurveyRow;
	header: string[];
	rows: Generator<string[]>;
}

function toCells(r: ResponseRow, questions: Question[], mode: ValueMode, weights: ReadonlyMap<number, number> | null): string[] {
	const answers = r.answers as Record<string, AnswerValue>;
	const cells = questions.map((q) => answerToCell(q, answers[q.key], mode));
	cells.push(r.channel, r.language, new Date(r.submittedAt).toISOString());
	if (weights) {
		const w = weights.get(r.id);
		cells.push(w === undefined ? '' : String(w));
	}
	return cells.map(neutralizeCell);
}

export function fileName(s: Pick<SurveyRow, 'slug'>, ext: string): string {
	return `${s.slug}-responses.${ext}`;
}

export function createSurveyExport(deps: {
	database: Database_;
	row: (actor: Actor, id: string, action: 'survey.export') => SurveyRow;
	/** the current raking weights by response id, or null when the survey is not weighted */
	weights: (actor: Actor, id: string) => ReadonlyMap<number, number> | null;
}) {
	const { db } = deps.database;

	function plan(actor: Actor, id: string, mode: ValueMode): Plan {
		const survey = deps.row(actor, id, 'survey.export');
		const versions = versionRepo.list(db, actor.organizationId, id).map((v) => v.questionnaire as Questionnaire);
		const questions = exportQuestions(versions.length ? versions : [survey.draft as Questionnaire]);
		const weights = deps.weights(actor, id);
		const header = [...questions.map((q) => q.key), 'channel', 'language', 'submitted_at', ...(weights ? ['weight'] : [])];
		function* rows() {
			for (const r of responseRepo.iterate(db, actor.organizationId, id)) yield toCells(r, questions, mode, weights);
		}
		return { survey, header, rows: rows() };
	}

	return {
		/** The CSV as a stream of chunks (UTF-8 with BOM so spreadsheets read accents right). */
		csv(actor: Actor, id: string, mode: ValueMode): { filename: string; stream: ReadableStream<Uint8Array> } {
			const p = plan(actor, id, mode);
			const enc = new TextEncoder();
			let first = true;
			const stream = new ReadableStream<Uint8Array>({
				pull(controller) {
					const chunk: string[][] = [];
					for (let i = 0; i < 1000; i++) {
						const next = p.rows.next();
						if (next.done) break;
						chunk.push(next.value);
					}
					if (first) {
						controller.enqueue(enc.encode(`\uFEFF${Papa.unparse([p.header])}\r\n`));
						first = false;
					}
					if (chunk.length) controller.enqueue(enc.encode(`${Papa.unparse(chunk)}\r\n`));
					if (chunk.length < 1000) controller.close();
				}
			});
			return { filename: fileName(p.survey, 'csv'), stream };
		},

		async xlsx(actor: Actor, id: string, mode: ValueMode): Promise<{ filename: string; body: ArrayBuffer }> {
			const p = plan(actor, id, mode);
			// loaded on the first export: it would otherwise add 7 MiB to every server's heap
			const { default: ExcelJS } = await import('exceljs');
			const wb = new ExcelJS.Workbook();
			wb.creator = 'CivicLoop';
			const ws = wb.addWorksheet('Responses');
			ws.addRow(p.header).font = { bold: true };
			for (const cells of p.rows) ws.addRow(cells);
			const buf = await wb.xlsx.writeBuffer();
			return { filename: fileName(p.survey, 'xlsx'), body: buf as ArrayBuffer };
		}
	};
}

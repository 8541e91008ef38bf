/**
 * CSV import of responses (paper, another tool): upload → staged file on disk → map columns to
 * question keys (auto-matched by header) with a preview → stream-parse, validate every row against
 * the survey's latest version, report rejected rows by line, store the rest in one transaction.
 * Idempotent: each row's response UUID comes from a stable id column or a hash of the row.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Papa from 'papaparse';
import { z } from 'zod';
import type { Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import { validateAnswers } from '../../domain/surveys/answers';
import { allQuestions, type Questionnaire } from '../../domain/surveys/questionnaire';
import { autoMap, cellToAnswer } from '../../domain/surveys/tabular';
import { parse } from '../../domain/validation';
import type { Database_ } from '../db/client';
import type { GroupCommitter, Submission } from './group-commit';
import { payloadHash } from './intake';
import { versionRepo, type SurveyRow } from './repository';

export interface ImportReport {
	rows: number;
	imported: number;
	duplicates: number;
	rejected: { line: number; reason: string }[];
	rejectedCount: number;
	ms: number;
}

const runInput = z.object({
	upload: z.string().regex(/^[a-f0-9-]{36}$/, 'Upload the file again.'),
	idColumn: z.string().max(200).default(''),
	mapping: z.record(z.string(), z.string())
});

/** A UUID (version 8, name-based) from `parts`: the same row always gets the same id. */
export function rowUuid(...parts: string[]): string {
	const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const MAX_REPORTED = 500;

export function createSurveyImport(deps: {
	database: Database_;
	committer: GroupCommitter;
	row: (actor: Actor, id: string, action: 'survey.export') => SurveyRow;
}) {
	const dir = join(dirname(deps.database.path), 'imports');
	const staged = (surveyId: string, upload: string) => join(dir, `${surveyId}.${upload}.csv`);

	function version(s: SurveyRow): { id: string; q: Questionnaire } {
		const v = versionRepo.latest(deps.database.db, s.id);
		if (!v) throw new AppError('import.invalid', 'Approve the questionnaire before importing responses.');
		return { id: v.id, q: v.questionnaire as Questionnaire };
	}

	function sweep() {
		if (!existsSync(dir)) return;
		const old = Date.now() - 86_400_000;
		for (const f of readdirSync(dir)) if (statSync(join(dir, f)).mtimeMs < old) rmSync(join(dir, f), { force: true });
	}

	/** First rows of a staged file (headers + up to `n` rows). */
	async function head(path: string, n: number): Promise<string[][]> {
		const rows: string[][] = [];
		await new Promise<void>((ok, ko) => {
			const stream = createReadStream(path, { encoding: 'utf8' });
			Papa.parse<string[]>(stream, {
				skipEmptyLines: 'greedy',
				step: (r, parser) => {
					rows.push(r.data);
					if (rows.length > n) {
						parser.abort();
						stream.destroy();
					}
				},
				complete: () => ok(),
				error: (e) => ko(e)
			});
		});
		return rows;
	}

	return {
		/** Saves an uploaded CSV for mapping; returns its upload id. */
		async stage(actor: Actor, id: string, file: Blob): Promise<string> {
			const s = deps.row(actor, id, 'survey.export');
			version(s);
			if (!file.size) throw new AppError('import.invalid', 'Choose a CSV file to upload.', { fields: { file: 'Choose a CSV file.' } });
			mkdirSync(dir, { recursive: true });
			sweep();
			const upload = crypto.randomUUID();
			await pipeline(Readable.fromWeb(file.stream() as import('node:stream/web').ReadableStream), createWriteStream(staged(s.id, upload)));
			return upload;
		},

		/** Headers, the first rows and the suggested mapping of a staged file. */
		async preview(actor: Actor, id: string, upload: string) {
			const s = deps.row(actor, id, 'survey.export');
			const path = staged(s.id, parse(runInput.shape.upload, upload));
			if (!existsSync(path)) throw new AppError('import.invalid', 'That upload has expired. Upload the file again.');
			const [headers = [], ...rows] = await head(path, 5);
			const q = version(s).q;
			return { upload, headers, rows, mapping: autoMap(headers, q), keys: allQuestions(q).map((x) => x.key) };
		},

		/** Validates every row and stores the valid ones in one transaction. */
		async run(actor: Actor, id: string, input: unknown): Promise<ImportReport> {
			const started = performance.now();
			const data = parse(runInput, input);
			const s = deps.row(actor, id, 'survey.export');
			const v = version(s);
			const path = staged(s.id, data.upload);
			if (!existsSync(path)) throw new AppError('import.invalid', 'That upload has expired. Upload the file again.');
			const questions = new Map(allQuestions(v.q).map((x) => [x.key, x]));
			const districtKey = allQuestions(v.q).find((x) => x.type === 'district')?.key;
			const report: ImportReport = { rows: 0, imported: 0, duplicates: 0, rejected: [], rejectedCount: 0, ms: 0 };
			const reject = (line: number, reason: string) => {
				report.rejectedCount++;
				if (report.rejected.length < MAX_REPORTED) report.rejected.push({ line, reason });
			};
			const items: { line: number; item: Submission }[] = [];
			let headers: string[] | undefined;
			let cols: { index: number; key: string }[] = [];
			let idIndex = -1;
			let langIndex = -1;
			let timeIndex = -1;
			let line = 0;
			await new Promise<void>((ok, ko) => {
				Papa.parse<string[]>(createReadStream(path, { encoding: 'utf8' }), {
					skipEmptyLines: 'greedy',
					step: (r) => {
						line++;
						const cells = r.data;
						if (!headers) {
							headers = cells.map((h) => h.replace(/^\uFEFF/, '').trim());
							cols = headers.flatMap((h, index) =>
								data.mapping[h] && questions.has(data.mapping[h]!) ? [{ index, key: data.mapping[h]! }] : []
							);
							idIndex = data.idColumn ? headers.indexOf(data.idColumn) : -1;
							langIndex = headers.findIndex((h) => h.toLowerCase() === 'language');
							timeIndex = headers.findIndex((h) => h.toLowerCase() === 'submitted_at');
							return;
						}
						report.rows++;
						const answers: Record<string, unknown> = {};
						for (const c of cols) {
							const value = cellToAnswer(questions.get(c.key)!, cells[c.index] ?? '');
							if (value !== undefined) answers[c.key] = value;
						}
						const check = validateAnswers(v.q, answers);
						if (!check.ok) {
							reject(
								line,
								Object.entries(check.errors)
									.map(([k, m]) => `${k}: ${m.en}`)
									.join(' ')
							);
							return;
						}
						const language = /^[a-z]{2}$/.test(cells[langIndex]?.trim() ?? '') ? cells[langIndex]!.trim() : 'en';
						const when = timeIndex >= 0 ? Date.parse(cells[timeIndex] ?? '') : NaN;
						const rowKey = idIndex >= 0 && cells[idIndex]?.trim() ? `id:${cells[idIndex]!.trim()}` : `row:${JSON.stringify(cells)}`;
						const district = districtKey ? check.answers[districtKey] : undefined;
						items.push({
							line,
							item: {
								surveyId: s.id,
								organizationId: s.organizationId,
								versionId: v.id,
								uuid: rowUuid(s.id, rowKey),
								channel: 'import',
								language,
								district: typeof district === 'string' ? district : null,
								answers: JSON.stringify(check.answers),
								payloadHash: payloadHash(check.answers, 'import', language, undefined),
								tokenHash: null,
								submittedAt: Number.isFinite(when) ? when : Date.now()
							}
						});
					},
					complete: () => ok(),
					error: (e) => ko(new AppError('import.invalid', `The file could not be read as CSV: ${e.message}`))
				});
			});
			if (!headers) throw new AppError('import.invalid', 'The file is empty.');
			if (!cols.length) throw new AppError('import.invalid', 'Map at least one column to a question.');
			const outcomes = deps.committer.storeMany(items.map((x) => x.item));
			outcomes.forEach((o, i) => {
				if (o.kind === 'stored') report.imported++;
				else if (o.kind === 'duplicate') report.duplicates++;
				else reject(items[i]!.line, 'Already imported with different answers (same row id).');
			});
			rmSync(path, { force: true });
			report.rejected.sort((a, b) => a.line - b.line);
			report.ms = Math.round(performance.now() - started);
			return report;
		}
	};
}

/**
 * Quotas per district or demographic category (the `survey_quotas` table): read with live counts,
 * replaced as a whole from the settings form or the JSON API. validate → authorize → domain →
 * one transaction (a bad row stores nothing).
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import type { Questionnaire } from '../../domain/surveys/questionnaire';
import {
	MAX_QUOTAS,
	checkQuotas,
	quotaDimensions,
	quotaProgress,
	quotaRowsFromForm,
	type CellCounts,
	type Quota,
	type QuotaDimension,
	type QuotaDimensionInfo,
	type QuotaProgress,
	type QuotaRowInput
} from '../../domain/surveys/quotas';
import { parse } from '../../domain/validation';
import { newId } from '../auth/tokens';
import type { Database_, Db } from '../db/client';
import { surveyQuotas } from '../db/schema';
import { versionRepo, type SurveyRow } from './repository';

const apiInput = z.object({
	quotas: z
		.array(
			z.object({
				dimension: z.string({ error: 'Name the dimension.' }),
				cell: z.string({ error: 'Name the category (cell).' }),
				target: z.unknown()
			}),
			{ error: 'Send quotas as a list of {dimension, cell, target}.' }
		)
		.max(MAX_QUOTAS, `At most ${MAX_QUOTAS} quotas.`)
});

export const quotaRepo = {
	list(db: Db, organizationId: string, surveyId: string): Quota[] {
		return db
			.select({ dimension: surveyQuotas.dimension, cell: surveyQuotas.cell, target: surveyQuotas.target })
			.from(surveyQuotas)
			.where(and(eq(surveyQuotas.surveyId, surveyId), eq(surveyQuotas.organizationId, organizationId)))
			.all() as Quota[];
	},
	replace(db: Db, organizationId: string, surveyId: string, quotas: Quota[]): void {
		db.delete(surveyQuotas)
			.where(and(eq(surveyQuotas.surveyId, surveyId), eq(surveyQuotas.organizationId, organizationId)))
			.run();
		if (quotas.length)
			db.insert(surveyQuotas)
				.values(quotas.map((q) => ({ id: newId(), surveyId, organizationId, ...q })))
				.run();
	}
};

export interface QuotaView {
	/** The categories quotas can use (from the live version, else the latest, else the draft). */
	dimensions: QuotaDimensionInfo[];
	progress: QuotaProgress[];
}

export function createQuotas(deps: {
	database: Database_;
	row: (actor: Actor, id: string, action: 'survey.read' | 'survey.design') => SurveyRow;
}) {
	const { db, sqlite, tx } = deps.database;

	/** The questionnaire responses are collected with (quotas name its categories). */
	function questionnaireOf(s: SurveyRow): Questionnaire {
		const v = (s.liveVersionId && versionRepo.get(db, s.liveVersionId)) || versionRepo.latest(db, s.id);
		return (v?.questionnaire ?? s.draft) as Questionnaire;
	}

	const grouped = sqlite.prepare<[string, string, string, number, number], { v: unknown; n: number }>(
		`SELECT json_extract(answers, ?) AS v, count(*) AS n FROM survey_responses
		 WHERE survey_id = ? AND organization_id = ? AND id > ? AND id <= ? GROUP BY v`
	);
	const stamp = sqlite.prepare<[string], { n: number; last: number | null }>(
		'SELECT count(*) AS n, max(id) AS last FROM survey_responses WHERE survey_id = ?'
	);
	// The live feed asks every 2 s per open page. Counts are kept per survey and only the responses
	// that arrived since are scanned (ids only grow); anything else (a deletion) recounts all.
	const cache = new Map<string, { dims: string; n: number; last: number; counts: CellCounts }>();

	/** Responses per category of each dimension that has a quota. */
	function counts(s: SurveyRow, dims: QuotaDimensionInfo[], wanted: Set<QuotaDimension>): CellCounts {
		const used = dims.filter((d) => wanted.has(d.dimension));
		const dimsKey = used.map((d) => `${d.dimension}=${d.key}`).join(',');
		const st = stamp.get(s.id) ?? { n: 0, last: null };
		const last = st.last ?? 0;
		const hit = cache.get(s.id);
		if (hit && hit.dims === dimsKey && hit.last === last && hit.n === st.n) return hit.counts;
		const from = hit && hit.dims === dimsKey && last >= hit.last ? hit : null;
		const out: CellCounts = {};
		let added = 0;
		used.forEach((d, i) => {
			const cells: Record<string, number> = { ...from?.counts[d.dimension] };
			for (const r of grouped.all(`$."${d.key}"`, s.id, s.organizationId, from?.last ?? 0, last)) {
				if (i === 0) added += r.n;
				if (typeof r.v === 'string') cells[r.v] = (cells[r.v] ?? 0) + r.n;
			}
			out[d.dimension] = cells;
		});
		// Rows at or below the counted id changed (a deletion): count from scratch.
		if (from && used.length && from.n + added !== st.n) {
			cache.delete(s.id);
			return counts(s, dims, wanted);
		}
		if (cache.size > 1000) cache.clear();
		cache.set(s.id, { dims: dimsKey, n: from ? from.n + added : st.n, last, counts: out });
		return out;
	}

	/** Progress of every quota of survey row `s` (already authorized by the caller). */
	function progressOf(s: SurveyRow): QuotaView {
		const dims = quotaDimensions(questionnaireOf(s));
		const quotas = quotaRepo.list(db, s.organizationId, s.id);
		if (!quotas.length) return { dimensions: dims, progress: [] };
		return { dimensions: dims, progress: quotaProgress(quotas, dims, counts(s, dims, new Set(quotas.map((q) => q.dimension)))) };
	}

	function save(actor: Actor, id: string, rows: QuotaRowInput[]): QuotaView {
		const s = deps.row(actor, id, 'survey.design');
		const check = checkQuotas(questionnaireOf(s), rows);
		if (!check.ok) {
			const names = Object.keys(check.errors);
			throw new AppError('validation.failed', `Check ${names.join(', ')}: ${check.errors[names[0]!]}`, { fields: check.errors });
		}
		tx((t) => quotaRepo.replace(t, s.organizationId, s.id, check.quotas));
		return progressOf(s);
	}

	return {
		progressOf,
		/** Quotas with their counts so far (anyone who may read the survey). */
		get(actor: Actor, id: string): QuotaView {
			return progressOf(deps.row(actor, id, 'survey.read'));
		},
		/** Replaces the quotas from the settings form (`quota.<dimension>.<cell>` = target; empty = none). */
		saveForm(actor: Actor, id: string, form: Record<string, string>): QuotaView {
			return save(actor, id, quotaRowsFromForm(form));
		},
		/** Replaces the quotas from a JSON body `{quotas: [{dimension, cell, target}]}`. */
		saveJson(actor: Actor, id: string, input: unknown): QuotaView {
			return save(actor, id, parse(apiInput, input).quotas);
		}
	};
}

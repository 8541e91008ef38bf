/**
 * Survey results: responses → columnar matrix → raking to the survey's population margins →
 * per-question estimates, NPS, comparison with the previous cycle (BH FDR flags), highest and
 * lowest. validate → can() → domain → repo, like the other services.
 */
import { can, type Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import { weightingOf, type Weighting } from './weighting';
import { checkMargins, populationShares, type MarginsSpec } from '../../domain/results/margins';
import { buildMatrix, matrixLayout, type DimensionSpec } from '../../domain/results/matrix';
import { buildReport, type PreviousResult, type QuestionReport } from '../../domain/results/report';
import { allQuestions, type Questionnaire } from '../../domain/surveys/questionnaire';
import { districtRepo } from '../accounts/repository';
import type { Database_ } from '../db/client';
import { surveyRepo, versionRepo, type SurveyRow } from '../surveys/repository';
import { answersOf, benchmarkRepo, focusAreaNames, marginsRepo, responseIdsOf, responsesStamp } from './repository';
import { breakdownQuestion, DEFAULT_MIN_CELL_N } from '../../domain/analytics/breakdown';
import { MISSING_U8 } from '../../domain/analytics/matrix';
import { uniformWeights } from '../../domain/analytics/weights';
import {
	compareBenchmarks,
	parseBenchmarkCsv,
	parseTarget,
	TARGET_SOURCE,
	type BenchmarkComparison,
	type BenchmarkKind,
	type BenchmarkValue
} from '../../domain/results/benchmarks';
import { groupThemes, type Theme } from '../../domain/results/themes';
import type { ComparisonFlag } from '../../domain/analytics/compare';

/** A question's report with its benchmark comparisons (target first, then external sources by name). */
export interface QuestionResult extends QuestionReport {
	/** The main benchmark: the target when set, else the first external source; null when none. */
	readonly benchmark: BenchmarkComparison | null;
	readonly benchmarks: BenchmarkComparison[];
}

/** A result that differs significantly from a benchmark (after FDR control). */
export interface BenchmarkDeviation {
	readonly key: string;
	readonly source: string;
	readonly kind: BenchmarkKind;
	readonly flag: ComparisonFlag;
	readonly reason: string;
}

/** One group of a breakdown; suppressed cells carry no estimate. */
export interface BreakdownCellResult {
	readonly category: string;
	readonly label: string;
	readonly n: number;
	readonly percentPositive: number | null;
	readonly moe: number | null;
	readonly suppressed: boolean;
}

export interface BreakdownResult {
	readonly dimension: string;
	/** Cells with fewer answers than this are suppressed. */
	readonly minN: number;
	readonly questions: { key: string; text: string; cells: BreakdownCellResult[]; ungrouped: number }[];
}

/** Open-text answers of one question grouped into themes. */
export interface OpenTextThemes {
	readonly key: string;
	readonly text: string;
	readonly answers: number;
	readonly themes: Theme[];
}

export interface ResultsOptions {
	/** Weighting dimension to break results down by (default: district, else the first one). */
	readonly breakdownBy?: string;
}

export interface SurveyResults {
	survey: { id: string; title: string; kind: string; status: string };
	responses: number;
	previousSurvey: { id: string; title: string } | null;
	dimensions: DimensionSpec[];
	weighting: Weighting;
	questions: QuestionResult[];
	highest: string[];
	lowest: string[];
	/** Questions whose difference from the previous cycle is significant after FDR control. */
	deviations: string[];
	/** Results that differ significantly from a benchmark (BH across the survey's benchmark comparisons). */
	benchmarkDeviations: BenchmarkDeviation[];
	/** Benchmark sets of this survey: targets and each imported source with its number of values. */
	benchmarkSources: { source: string; kind: BenchmarkKind; values: number }[];
	/** Breakdown of every question by one dimension, small cells suppressed; null without dimensions. */
	breakdown: BreakdownResult | null;
	/** Open-text questions with their answers grouped into themes. */
	themes: OpenTextThemes[];
}

/**
 * Last cycle's per-question results by survey id, reused while its stamp (responses, margins,
 * version, update time, title) is unchanged: a closed survey is re-analyzed only when it changes.
 */
const previousCache = new Map<string, { stamp: string; results: Map<string, PreviousResult> }>();
const PREVIOUS_CACHE_SIZE = 64;

export function createResultsService(deps: { database: Database_ }) {
	const { db } = deps.database;

	function load(actor: Actor, id: string): SurveyRow {
		const s = surveyRepo.get(db, actor.organizationId, id);
		if (!s) throw new AppError('survey.not_found', 'No such survey in your organization.');
		if (!can(actor, 'results.read', s)) throw new AppError('auth.forbidden', 'You do not have permission to do that.');
		return s;
	}

	function questionnaireOf(s: SurveyRow): Questionnaire {
		const v = (s.liveVersionId && versionRepo.get(db, s.liveVersionId)) || versionRepo.latest(db, s.id);
		return (v ? v.questionnaire : s.draft) as Questionnaire;
	}

	function layoutOf(s: SurveyRow) {
		const names = focusAreaNames(db, s.organizationId);
		const layout = matrixLayout(allQuestions(questionnaireOf(s)));
		const scored = layout.scored.map((q) => ({ ...q, focusArea: names.get(q.focusArea) ?? q.focusArea }));
		return { scored, dimensions: layout.dimensions };
	}

	/** Stored margins, with district shares defaulting from district populations. */
	function marginsOf(s: SurveyRow, dims: readonly DimensionSpec[]): MarginsSpec {
		const stored = { ...(marginsRepo.get(db, s.organizationId, s.id) ?? {}) };
		const district = dims.find((d) => d.name === 'district');
		if (district && !stored.district) {
			const pops = districtRepo.list(db, s.organizationId).filter((d) => district.categories.includes(d.code));
			const shares = pops.length === district.categories.length ? populationShares(pops) : undefined;
			if (shares) stored.district = shares;
		}
		return stored;
	}

	function analyze(s: SurveyRow, previous: ReadonlyMap<string, PreviousResult>) {
		const layout = layoutOf(s);
		const rows = answersOf(db, s.organizationId, s.id);
		const matrix = buildMatrix(layout, rows);
		const weighting = weightingOf(matrix, layout.dimensions, marginsOf(s, layout.dimensions));
		return { layout, rows, matrix, weighting, report: buildReport(matrix, layout.scored, weighting.weights, previous) };
	}

	/** The organization's most recent closed survey of the same kind, other than `s`. */
	function previousOf(s: SurveyRow): SurveyRow | undefined {
		const time = (r: SurveyRow) => (r.closesAt ?? r.updatedAt).getTime();
		return surveyRepo
			.list(db, s.organizationId)
			.filter((r) => r.id !== s.id && r.kind === s.kind && r.status === 'closed')
			.sort((a, b) => time(b) - time(a))[0];
	}

	function previousResults(s: SurveyRow): Map<string, PreviousResult> {
		const p = previousOf(s);
		if (!p) return new Map();
		// A closed cycle's figures change only with its responses, margins, questionnaire or title.
		const stamp = [
			responsesStamp(db, p.organizationId, p.id),
			JSON.stringify(marginsOf(p, layoutOf(p).dimensions)),
			p.liveVersionId ?? '',
			p.updatedAt.getTime(),
			p.title
		].join('|');
		const cached = previousCache.get(p.id);
		if (cached && cached.stamp === stamp) return cached.results;
		const out = new Map<string, PreviousResult>();
		for (const q of analyze(p, new Map()).report.questions) {
			const e = q.weighted;
			if (e.n > 0 && e.percentPositive !== null) {
				out.set(q.key, { surveyId: p.id, title: p.title, percentPositive: e.percentPositive, n: e.n, deff: e.deff ?? 1 });
			}
		}
		if (previousCache.size >= PREVIOUS_CACHE_SIZE) previousCache.delete(previousCache.keys().next().value!);
		previousCache.set(p.id, { stamp, results: out });
		return out;
	}

	function breakdownOf(
		layout: ReturnType<typeof layoutOf>,
		matrix: ReturnType<typeof buildMatrix>,
		weights: Float64Array | null,
		by: string | undefined
	): BreakdownResult | null {
		const dims = layout.dimensions;
		const dim = dims.find((d) => d.name === by) ?? dims.find((d) => d.name === 'district') ?? dims[0];
		if (!dim) return null;
		const minN = DEFAULT_MIN_CELL_N;
		const grouping = matrix.dimensions.find((d) => d.name === dim.name)!;
		const w = weights ?? uniformWeights(matrix.n);
		return {
			dimension: dim.name,
			minN,
			questions: matrix.questions.map((q, i) => {
				const scored = layout.scored[i]!;
				const groups = breakdownQuestion(q.answers, w, grouping, { minN, positiveCodes: scored.positiveCodes });
				let answered = 0;
				for (const a of q.answers) if (a !== MISSING_U8) answered++;
				return {
					key: scored.key,
					text: scored.text,
					ungrouped: answered - groups.reduce((t, g) => t + g.n, 0),
					cells: groups.map((g, j) => ({
						category: g.group,
						label: dim.labels[j] ?? g.group,
						n: g.n,
						percentPositive: g.value ? g.value.percentPositive : null,
						moe: g.value ? g.value.percentPositiveMoe : null,
						suppressed: g.reason === 'suppressed'
					}))
				};
			})
		};
	}

	function themesOf(s: SurveyRow, rows: readonly Record<string, unknown>[]): OpenTextThemes[] {
		return allQuestions(questionnaireOf(s))
			.filter((q) => q.type === 'short_text' || q.type === 'long_text')
			.map((q) => {
				const texts = rows.map((r) => r[q.key]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
				return { key: q.key, text: q.text.en, answers: texts.length, themes: groupThemes(texts) };
			});
	}

	return {
		results(actor: Actor, surveyId: string, opts: ResultsOptions = {}): SurveyResults {
			const s = load(actor, surveyId);
			const prev = previousOf(s);
			const { layout, rows, matrix, weighting, report } = analyze(s, previousResults(s));
			const stored = benchmarkRepo.list(db, s.organizationId, s.id);
			const compared = compareBenchmarks(
				report.questions.map((q) => ({ key: q.key, percentPositive: q.weighted.percentPositive, n: q.weighted.n, deff: q.weighted.deff })),
				stored
			);
			const questions = report.questions.map((q): QuestionResult => {
				const benchmarks = compared.get(q.key) ?? [];
				return { ...q, benchmark: benchmarks[0] ?? null, benchmarks };
			});
			const sources = new Map<string, { source: string; kind: BenchmarkKind; values: number }>();
			for (const b of stored) {
				const e = sources.get(b.source) ?? { source: b.source, kind: b.kind, values: 0 };
				e.values++;
				sources.set(b.source, e);
			}
			return {
				survey: { id: s.id, title: s.title, kind: s.kind, status: s.status },
				responses: matrix.n,
				previousSurvey: prev ? { id: prev.id, title: prev.title } : null,
				dimensions: layout.dimensions,
				weighting: { ...weighting, weights: null },
				...report,
				questions,
				deviations: report.questions.filter((q) => q.comparison?.significant).map((q) => q.key),
				benchmarkDeviations: questions.flatMap((q) =>
					q.benchmarks
						.filter((b) => b.significant)
						.map((b) => ({ key: q.key, source: b.source, kind: b.kind, flag: b.flag, reason: b.reason }))
				),
				benchmarkSources: [...sources.values()].sort((a, b) =>
					a.kind !== b.kind ? (a.kind === 'target' ? -1 : 1) : a.source.localeCompare(b.source)
				),
				breakdown: breakdownOf(layout, matrix, weighting.weights, opts.breakdownBy),
				themes: themesOf(s, rows)
			};
		},

		/**
		 * The current raking weight of each response (by response row id), exactly as the results
		 * use them; null when the survey has no margins or weighting failed. Exports call this, so a
		 * downloaded file always carries the weights behind the published numbers.
		 */
		weightsById(actor: Actor, surveyId: string): Map<number, number> | null {
			const s = load(actor, surveyId);
			const { weighting } = analyze(s, new Map());
			const w = weighting.applied ? weighting.weights : null;
			if (!w) return null;
			const ids = responseIdsOf(db, s.organizationId, s.id); // the same order as the analysed rows
			return new Map(ids.map((id, i) => [id, w[i]!]));
		},

		/** Stored benchmark values of the survey. */
		benchmarks(actor: Actor, surveyId: string): BenchmarkValue[] {
			const s = load(actor, surveyId);
			return benchmarkRepo.list(db, s.organizationId, s.id);
		},

		/** Set (percent text) or clear (blank) the target of one question; admins and analysts. */
		setTarget(actor: Actor, surveyId: string, questionKey: string, input: string): void {
			const s = load(actor, surveyId);
			if (!can(actor, 'survey.design', s)) throw new AppError('auth.forbidden', 'Only admins and analysts may set targets.');
			if (!layoutOf(s).scored.some((q) => q.key === questionKey))
				throw new AppError('validation.failed', `"${questionKey}" is not a rating or 0–10 question of this survey.`, {
					fields: { question: 'Choose a question of this survey.' }
				});
			const t = parseTarget(input);
			if (!t.ok) throw new AppError('validation.failed', t.message, { fields: { target: t.message } });
			benchmarkRepo.setTarget(db, s.organizationId, s.id, questionKey, t.value);
		},

		/**
		 * Import external / peer benchmark values from CSV (see parseBenchmarkCsv). Any bad line: 400
		 * naming every bad line, nothing stored. Otherwise each source in the file replaces its
		 * earlier values.
		 */
		importBenchmarks(actor: Actor, surveyId: string, input: { csv: string; source?: string }): { sources: string[]; values: number } {
			const s = load(actor, surveyId);
			if (!can(actor, 'survey.design', s)) throw new AppError('auth.forbidden', 'Only admins and analysts may import benchmarks.');
			const parsed = parseBenchmarkCsv(input.csv, { questionKeys: layoutOf(s).scored.map((q) => q.key), source: input.source });
			if (!parsed.ok) {
				const fields = Object.fromEntries(parsed.errors.map((e) => [`line ${e.line}`, e.message]));
				const count = parsed.errors.length === 1 ? '1 line is' : `${parsed.errors.length} lines are`;
				const message = `${count} not valid; nothing was imported. ${parsed.errors.map((e) => `Line ${e.line}: ${e.message}.`).join(' ')}`;
				throw new AppError('validation.failed', message, { fields });
			}
			const sources = [...new Set(parsed.values.map((v) => v.source))];
			deps.database.tx((t) => benchmarkRepo.replaceSources(t, s.organizationId, s.id, 'external', sources, parsed.values));
			return { sources, values: parsed.values.length };
		},

		/** Remove an imported benchmark source. */
		removeBenchmarkSource(actor: Actor, surveyId: string, source: string): void {
			const s = load(actor, surveyId);
			if (!can(actor, 'survey.design', s)) throw new AppError('auth.forbidden', 'Only admins and analysts may remove benchmarks.');
			if (source === TARGET_SOURCE) throw new AppError('validation.failed', 'Clear targets one question at a time.');
			deps.database.tx((t) => benchmarkRepo.replaceSources(t, s.organizationId, s.id, 'external', [source], []));
		},

		/** The survey's weighting dimensions and its current margins (for the form). */
		margins(actor: Actor, surveyId: string): { dimensions: DimensionSpec[]; margins: MarginsSpec } {
			const s = load(actor, surveyId);
			const { dimensions } = layoutOf(s);
			return { dimensions, margins: marginsOf(s, dimensions) };
		},

		/** Replace the margins; 400 naming each bad dimension. */
		setMargins(actor: Actor, surveyId: string, input: MarginsSpec): void {
			const s = load(actor, surveyId);
			if (!can(actor, 'survey.design', s)) throw new AppError('auth.forbidden', 'Only admins and analysts may set population margins.');
			const checked = checkMargins(input, layoutOf(s).dimensions);
			if (!checked.ok) {
				const message = Object.values(checked.errors).join(' ');
				throw new AppError('validation.failed', message, { fields: checked.errors });
			}
			marginsRepo.put(db, s.organizationId, s.id, checked.margins);
		}
	};
}

export type ResultsService = ReturnType<typeof createResultsService>;

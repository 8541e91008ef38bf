/**
 * Inputs of the cycles, focus areas, KPI and progress-log use-cases. Each service parses with
 * these (nothing is stored before they pass); the TypeScript types come from the schemas.
 */
import { z } from 'zod';
import { ACTION_STATUSES } from '../plan/doc';
import { CYCLE_KINDS } from './phases';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` that exists. */
export const isoDate = (what: string) =>
	z
		.string({ error: `Give ${what}.` })
		.trim()
		.regex(ISO_DATE, `Give ${what} as YYYY-MM-DD.`)
		.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
			message: `${what[0]?.toUpperCase()}${what.slice(1)} is not a real date.`
		});

const optionalId = z
	.string()
	.trim()
	.max(64)
	.optional()
	.transform((v) => (v ? v : null));

/** Checkbox lists arrive as one string or many. */
const idList = z
	.union([z.string(), z.array(z.string())])
	.optional()
	.transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean));

export const createCycleInput = z
	.object({
		name: z.string({ error: 'Give the cycle a name.' }).trim().min(1, 'Give the cycle a name.').max(120, 'At most 120 characters.'),
		kind: z.enum(CYCLE_KINDS, { error: 'Choose what kind of cycle this is.' }),
		periodStart: isoDate('the start date'),
		periodEnd: isoDate('the end date'),
		ownerId: optionalId,
		focusAreaIds: idList
	})
	.refine((c) => c.periodEnd >= c.periodStart, { message: 'The end must not be before the start.', path: ['periodEnd'] });
export type CreateCycleInput = z.output<typeof createCycleInput>;

export const advanceInput = z.object({
	confirm: z
		.union([z.boolean(), z.string()])
		.optional()
		.transform((v) => v === true || v === 'true' || v === 'on' || v === '1')
});

export const focusAreaInput = z.object({
	name: z.string({ error: 'Give the focus area a name.' }).trim().min(1, 'Give the focus area a name.').max(120, 'At most 120 characters.'),
	description: z.string().trim().max(1000, 'At most 1,000 characters.').optional().default('')
});

const num = (what: string) =>
	z
		.union([z.number(), z.string()])
		.transform((v) => (typeof v === 'string' ? Number(v.trim().replace(',', '.')) : v))
		.refine((v) => Number.isFinite(v), { message: `Give ${what} as a number.` });

export const KPI_SOURCES = ['manual', 'csv', 'survey_question'] as const;
export const KPI_SOURCE_LABELS: Record<(typeof KPI_SOURCES)[number], string> = {
	manual: 'Readings entered by hand',
	csv: 'Readings imported from CSV',
	survey_question: 'Survey question, percent positive (stored for later)'
};

export const kpiInput = z.object({
	name: z.string({ error: 'Give the KPI a name.' }).trim().min(1, 'Give the KPI a name.').max(160, 'At most 160 characters.'),
	unit: z.string().trim().max(40, 'At most 40 characters.').optional().default(''),
	direction: z.enum(['higher', 'lower'], { error: 'Say whether higher or lower is better.' }),
	baseline: num('the baseline'),
	target: num('the target'),
	targetDate: isoDate('the target date'),
	baselineDate: z
		.string()
		.trim()
		.optional()
		.transform((v) => v || null)
		.pipe(isoDate('the baseline date').nullable()),
	source: z.enum(KPI_SOURCES, { error: 'Choose where the readings come from.' }),
	sourceRef: z
		.string()
		.trim()
		.max(120)
		.optional()
		.transform((v) => v || null),
	ownerId: optionalId,
	focusAreaId: optionalId
});
export type KpiInput = z.output<typeof kpiInput>;

export const readingInput = z.object({
	date: isoDate('the date'),
	value: num('the value'),
	note: z.string().trim().max(500, 'At most 500 characters.').optional().default('')
});
export type ReadingInput = z.output<typeof readingInput>;

/** A progress log from the field (the JSON part; photos travel beside it). */
export const progressInput = z
	.object({
		note: z.string().trim().max(4000, 'At most 4,000 characters.').optional().default(''),
		status: z.enum(ACTION_STATUSES).nullable().optional().default(null),
		progress: z
			.union([z.number(), z.string(), z.null()])
			.optional()
			.transform((v) => (v === null || v === undefined || v === '' ? null : Number(v)))
			.refine((v) => v === null || (Number.isInteger(v) && v >= 0 && v <= 100), { message: 'Progress is a whole number from 0 to 100.' }),
		location: z
			.object({
				latitude: z.number().min(-90).max(90),
				longitude: z.number().min(-180).max(180),
				accuracy: z.number().min(0).max(1e6).nullable().optional().default(null)
			})
			.nullable()
			.optional()
			.default(null)
	})
	.refine((p) => p.note !== '' || p.status !== null || p.progress !== null, {
		message: 'Write a note, or change the status or the percentage.',
		path: ['note']
	});
export type ProgressInput = z.output<typeof progressInput>;

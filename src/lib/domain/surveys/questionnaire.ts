/**
 * The questionnaire document: sections (core, add-on, follow-up) of typed questions, every text in
 * English and Spanish (more languages may be added as extra keys). The zod schema is the contract
 * for the draft JSON, frozen versions and the editor; the TypeScript types derive from it.
 */
import { z } from 'zod';

/** `{en, es}` at least; other language codes may be added. */
export const localizedText = z
	.object({
		en: z.string().trim().min(1, 'English text is required.').max(2000, 'At most 2,000 characters.'),
		es: z.string().trim().min(1, 'Spanish text is required.').max(2000, 'At most 2,000 characters.')
	})
	.catchall(z.string().max(2000));
export type LocalizedText = z.infer<typeof localizedText>;

export const QUESTION_TYPES = [
	'rating5',
	'nps',
	'single',
	'multiple',
	'short_text',
	'long_text',
	'number',
	'district',
	'demographic'
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const SECTION_KINDS = ['core', 'addon', 'followup'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/** Weighting dimensions a demographic question may feed (the results module rakes to these). */
export const DIMENSIONS = ['age_band', 'gender', 'tenure', 'race_ethnicity', 'income', 'household_size', 'language'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const CONDITION_OPS = ['eq', 'neq', 'in', 'lte', 'gte'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export const questionKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use 1–40 lowercase letters, digits or _, starting with a letter.');
export const optionCode = z.string().regex(/^[A-Za-z0-9_+.-]{1,40}$/, 'Use 1–40 letters, digits or _ + . -');

const scalar = z.union([z.string().max(200), z.number()]);
export const condition = z.object({
	key: questionKey,
	op: z.enum(CONDITION_OPS),
	value: z.union([scalar, z.array(scalar).min(1).max(50)])
});
export type Condition = z.infer<typeof condition>;

export const option = z.object({ code: optionCode, label: localizedText });
export type Option = z.infer<typeof option>;

const options = z
	.array(option)
	.min(2, 'Give at least two options.')
	.max(60, 'At most 60 options.')
	.refine((os) => new Set(os.map((o) => o.code)).size === os.length, 'Option codes must be unique.');

const base = {
	key: questionKey,
	text: localizedText,
	help: localizedText.optional(),
	required: z.boolean().default(false),
	focusArea: z.string().max(100).optional(),
	showIf: condition.optional()
};

export const question = z.discriminatedUnion('type', [
	z.object({
		...base,
		type: z.literal('rating5'),
		/** Labels of points 1..5 (1 = lowest). */
		labels: z.array(localizedText).length(5, 'A 5-point rating needs five labels.'),
		dontKnow: z.boolean().default(false)
	}),
	z.object({ ...base, type: z.literal('nps'), lowLabel: localizedText, highLabel: localizedText }),
	z.object({ ...base, type: z.literal('single'), options }),
	z.object({ ...base, type: z.literal('multiple'), options }),
	z.object({ ...base, type: z.literal('short_text') }),
	z.object({ ...base, type: z.literal('long_text') }),
	z.object({
		...base,
		type: z.literal('number'),
		min: z.number().optional(),
		max: z.number().optional(),
		integer: z.boolean().default(true)
	}),
	/** Options are the organization's districts, copied in when the question is added or approved. */
	z.object({ ...base, type: z.literal('district'), options: z.array(option).max(200) }),
	z.object({ ...base, type: z.literal('demographic'), dimension: z.enum(DIMENSIONS), options })
]);
export type Question = z.infer<typeof question>;
export type QuestionInput = z.input<typeof question>;
export type ChoiceQuestion = Extract<Question, { options: Option[] }>;

export const section = z.object({
	id: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'Use 1–40 lowercase letters, digits, _ or -.'),
	kind: z.enum(SECTION_KINDS),
	title: localizedText,
	questions: z.array(question).max(200)
});
export type Section = z.infer<typeof section>;

/** Checks what a per-field schema cannot: unique keys, conditions on earlier questions only. */
function checkStructure(q: { sections: Section[] }, ctx: z.RefinementCtx): void {
	const seen = new Map<string, Question>();
	const sectionIds = new Set<string>();
	q.sections.forEach((s, si) => {
		if (sectionIds.has(s.id))
			ctx.addIssue({ code: 'custom', path: ['sections', si, 'id'], message: `Section id "${s.id}" is used twice.` });
		sectionIds.add(s.id);
		s.questions.forEach((qu, qi) => {
			const path = ['sections', si, 'questions', qi];
			if (seen.has(qu.key)) ctx.addIssue({ code: 'custom', path: [...path, 'key'], message: `Question key "${qu.key}" is used twice.` });
			if (qu.showIf) {
				const target = seen.get(qu.showIf.key);
				if (!target)
					ctx.addIssue({
						code: 'custom',
						path: [...path, 'showIf'],
						message: `The condition of "${qu.key}" must refer to an earlier question ("${qu.showIf.key}" is not one).`
					});
				else if (target.type === 'short_text' || target.type === 'long_text')
					ctx.addIssue({
						code: 'custom',
						path: [...path, 'showIf'],
						message: `A condition cannot depend on the text question "${target.key}".`
					});
			}
			if (qu.type === 'number' && qu.min !== undefined && qu.max !== undefined && qu.min > qu.max)
				ctx.addIssue({ code: 'custom', path: [...path, 'max'], message: 'The maximum must not be below the minimum.' });
			seen.set(qu.key, qu);
		});
	});
}

export const questionnaire = z
	.object({
		schemaVersion: z.literal(1).default(1),
		title: localizedText,
		intro: localizedText.optional(),
		sections: z.array(section).min(1, 'A questionnaire needs at least one section.').max(30)
	})
	.superRefine(checkStructure);
export type Questionnaire = z.infer<typeof questionnaire>;

/** Every question in document order. */
export function allQuestions(q: Pick<Questionnaire, 'sections'>): Question[] {
	return q.sections.flatMap((s) => s.questions);
}

/** The question with `key`, or undefined. */
export function findQuestion(q: Pick<Questionnaire, 'sections'>, key: string): Question | undefined {
	for (const s of q.sections) for (const qu of s.questions) if (qu.key === key) return qu;
	return undefined;
}

/** Text in `lang`, falling back to English. */
export function localize(text: LocalizedText | undefined, lang: string): string {
	if (!text) return '';
	return text[lang] ?? text.en;
}

/** The options a question offers (rating points and NPS values included), as codes and labels. */
export function questionOptions(q: Question): { code: string; label: LocalizedText }[] {
	switch (q.type) {
		case 'single':
		case 'multiple':
		case 'district':
		case 'demographic':
			return q.options;
		case 'rating5': {
			const points = q.labels.map((label, i) => ({ code: String(i + 1), label }));
			return q.dontKnow ? [...points, { code: 'dk', label: DONT_KNOW }] : points;
		}
		case 'nps':
			return Array.from({ length: 11 }, (_, i) => ({ code: String(i), label: { en: String(i), es: String(i) } }));
		default:
			return [];
	}
}

export const DONT_KNOW: LocalizedText = { en: "Don't know", es: 'No sé' };

/** An empty questionnaire with one core section. */
export function blankQuestionnaire(title: LocalizedText): Questionnaire {
	return {
		schemaVersion: 1,
		title,
		sections: [{ id: 'core', kind: 'core', title: { en: 'Your views', es: 'Su opinión' }, questions: [] }]
	};
}

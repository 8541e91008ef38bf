/**
 * Survey use-cases for staff: create, settings, transitions (approval freezes a numbered version),
 * list and get; plus what the public pages may know. validate → authorize → domain → persist.
 */
import { z } from 'zod';
import { can, type Action, type Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import { starterQuestionnaire } from '../../domain/surveys/library';
import { blankQuestionnaire, questionnaire, type Option, type Questionnaire } from '../../domain/surveys/questionnaire';
import { SURVEY_ACTIONS, isEditable, transition } from '../../domain/surveys/status';
import { diffVersions } from '../../domain/surveys/versions';
import { readDraft, writeDraft } from '../../domain/surveys/doc';
import { checkQuestionnaire } from '../../domain/surveys/edit';
import type { LiveDocs } from '../docs/live';
import { docRepo } from '../docs/repository';
import { draftDocName } from './draft-doc';
import { parse } from '../../domain/validation';
import { districtRepo, userRepo } from '../accounts/repository';
import { newId } from '../auth/tokens';
import type { Database_ } from '../db/client';
import { SURVEY_KINDS } from '../db/schema/surveys';
import { presentDetail, presentQuestions, presentSummary, presentVersion, type SurveyDetail, type SurveySummary } from './presenter';
import { responseRepo, surveyRepo, tokenRepo, versionRepo, type SurveyRow } from './repository';

const createInput = z.object({
	kind: z.enum(SURVEY_KINDS, { error: 'Choose community, experience or engagement.' }),
	title: z.string({ error: 'Give the survey a title.' }).trim().min(1, 'Give the survey a title.').max(200, 'At most 200 characters.'),
	title_es: z.string().trim().max(200, 'At most 200 characters.').optional(),
	start: z.enum(['library', 'blank']).default('library')
});

const optionalDate = z
	.string()
	.trim()
	.optional()
	.transform((s, ctx) => {
		if (!s) return null;
		const d = new Date(`${s}T00:00:00Z`);
		if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}$/.test(s)) {
			ctx.addIssue({ code: 'custom', message: 'Use a date like 2025-03-31.' });
			return z.NEVER;
		}
		return d;
	});
const optionalText = z
	.string()
	.trim()
	.max(100, 'At most 100 characters.')
	.optional()
	.transform((s) => s || null);
const optionalInt = z
	.union([z.literal(''), z.coerce.number().int('Use a whole number.').min(1, 'At least 1.').max(10_000_000)])
	.optional()
	.transform((v) => (v === '' || v === undefined ? null : v));

const settingsInput = z
	.object({
		title: z.string().trim().min(1, 'Give the survey a title.').max(200, 'At most 200 characters.'),
		title_es: z.string().trim().max(200, 'At most 200 characters.').optional(),
		access: z.enum(['public', 'invitation']).default('public'),
		opensAt: optionalDate,
		closesAt: optionalDate,
		responseTarget: optionalInt,
		department: optionalText,
		service: optionalText,
		channel: optionalText,
		ipLimitPerMinute: z.coerce.number().int('Use a whole number.').min(1).max(1_000_000).default(30),
		surveyLimitPerMinute: z.coerce.number().int('Use a whole number.').min(1).max(100_000_000).default(3000)
	})
	.refine((s) => !s.opensAt || !s.closesAt || s.opensAt < s.closesAt, {
		path: ['closesAt'],
		message: 'The survey must close after it opens.'
	});

const actInput = z.object({ action: z.enum(SURVEY_ACTIONS), comment: z.string().trim().max(2000).default('') });

function need(actor: Actor, action: Action, subject?: { organizationId: string }) {
	if (!can(actor, action, subject)) throw new AppError('auth.forbidden', 'You do not have permission to do that.');
}

function slugify(title: string): string {
	const base = title
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 32);
	return `${base || 'survey'}-${newId().slice(0, 6)}`;
}

export function createSurveyStaff(deps: { database: Database_; onChange?: (surveyId: string) => void; live?: () => LiveDocs }) {
	const { db, tx } = deps.database;

	/** The survey's co-edited draft document, when it has one (it is created when first opened). */
	function draftDoc(id: string): string | null {
		const name = draftDocName(id);
		return deps.live && docRepo.get(db, name) ? name : null;
	}

	/** The draft as the document holds it now (everything received is stored first), else the stored draft. */
	function currentDraft(s: SurveyRow): Questionnaire {
		const name = draftDoc(s.id);
		if (!name) return s.draft as Questionnaire;
		const doc = deps.live!().read(name);
		try {
			return readDraft(doc);
		} finally {
			doc.destroy();
		}
	}

	function load(actor: Actor, id: string, action: Action = 'survey.read'): SurveyRow {
		const s = surveyRepo.get(db, actor.organizationId, id);
		// Another organization's survey and a missing one get the same answer.
		if (!s) throw new AppError('survey.not_found', 'No such survey in your organization.');
		need(actor, action, s);
		return s;
	}

	function districtOptions(organizationId: string): Option[] {
		return districtRepo.list(db, organizationId).map((d) => ({ code: d.code, label: { en: d.name, es: d.name } }));
	}

	/** District questions get the organization's current districts when a version is frozen. */
	function withDistricts(q: Questionnaire, organizationId: string): Questionnaire {
		const districts = districtOptions(organizationId);
		return {
			...q,
			sections: q.sections.map((s) => ({
				...s,
				questions: s.questions.map((x) => (x.type === 'district' ? { ...x, options: districts } : x))
			}))
		};
	}

	return {
		list(actor: Actor): SurveySummary[] {
			need(actor, 'survey.read');
			const rows = surveyRepo.list(db, actor.organizationId);
			const counts = responseRepo.counts(
				db,
				actor.organizationId,
				rows.map((r) => r.id)
			);
			return rows.map((r) => presentSummary(r, counts.get(r.id) ?? 0));
		},

		get(actor: Actor, id: string): SurveyDetail {
			const s = load(actor, id);
			const names = new Map(userRepo.list(db, actor.organizationId).map((u) => [u.id, u.name]));
			return presentDetail(s, {
				responses: responseRepo.count(db, actor.organizationId, id),
				versions: versionRepo.list(db, actor.organizationId, id).map((v) => presentVersion(v, s.liveVersionId, names)),
				tokens: tokenRepo.stats(db, actor.organizationId, id)
			});
		},

		/** Creates a draft survey, from the standard library or blank; returns its id. */
		create(actor: Actor, input: unknown): string {
			const data = parse(createInput, input);
			need(actor, 'survey.design', actor);
			const title = { en: data.title, es: data.title_es || data.title };
			const draft =
				data.start === 'library'
					? starterQuestionnaire(data.kind, title, districtOptions(actor.organizationId))
					: blankQuestionnaire(title);
			const id = newId();
			surveyRepo.insert(db, {
				id,
				organizationId: actor.organizationId,
				kind: data.kind,
				title: data.title,
				slug: slugify(data.title),
				status: 'draft',
				draft: questionnaire.parse(draft),
				createdBy: actor.id,
				updatedAt: new Date()
			});
			return id;
		},

		/** Next cycle's survey: a new draft starting as a copy of this one's latest version. */
		copy(actor: Actor, id: string): string {
			const s = load(actor, id, 'survey.design');
			const latest = versionRepo.latest(db, id);
			const newIdValue = newId();
			const title = `${s.title} (copy)`;
			const draft = structuredClone((latest?.questionnaire ?? s.draft) as Questionnaire);
			surveyRepo.insert(db, {
				...s,
				id: newIdValue,
				title,
				slug: slugify(s.title),
				status: 'draft',
				draft,
				liveVersionId: null,
				createdBy: actor.id,
				createdAt: new Date(),
				updatedAt: new Date()
			});
			return newIdValue;
		},

		/**
		 * Settings. The title in both languages is the questionnaire's: while the survey is a draft
		 * it is written into the draft (through the co-edited document when there is one); once a
		 * version is frozen only the English staff name changes until the next version.
		 */
		updateSettings(actor: Actor, id: string, input: unknown): void {
			const { title_es, ...data } = parse(settingsInput, input);
			const s = load(actor, id, 'survey.design');
			if (isEditable(s.status)) {
				const current = currentDraft(s);
				const title = { ...current.title, en: data.title, es: title_es || current.title.es || data.title };
				const next = { ...current, title };
				const name = draftDoc(id);
				if (name) deps.live!().change(name, (doc) => writeDraft(doc, next));
				surveyRepo.update(db, actor.organizationId, id, {
					...data,
					draft: questionnaire.safeParse(next).success ? next : { ...(s.draft as Questionnaire), title }
				});
			} else surveyRepo.update(db, actor.organizationId, id, data);
			deps.onChange?.(id);
		},

		/**
		 * Applies a transition. Approving freezes the draft as version N (immutable), publishing
		 * makes the latest version live, revising starts a new draft from it.
		 */
		act(actor: Actor, id: string, input: unknown): SurveyRow['status'] {
			const data = parse(actInput, input);
			const s = load(actor, id, data.action === 'approve' || data.action === 'reject' ? 'survey.approve' : 'survey.design');
			const next = transition(s.status, data.action);
			// Approval freezes what the co-edited document holds now, not what was last projected.
			const draft = data.action === 'approve' ? checkQuestionnaire(currentDraft(s)) : (s.draft as Questionnaire);
			let revised: Questionnaire | null = null;
			tx((t) => {
				const patch: Partial<SurveyRow> = { status: next };
				if (data.action === 'approve') {
					patch.draft = draft;
					patch.title = draft.title.en;
					const frozen = questionnaire.parse(withDistricts(draft, s.organizationId));
					if (!frozen.sections.some((x) => x.questions.length))
						throw new AppError('survey.invalid_edit', 'Add at least one question before approving.');
					versionRepo.insert(t, {
						id: newId(),
						surveyId: id,
						organizationId: s.organizationId,
						number: versionRepo.nextNumber(t, id),
						questionnaire: frozen,
						approvedBy: actor.id,
						approvedAt: new Date(),
						comment: data.comment
					});
				}
				if (data.action === 'publish') patch.liveVersionId = versionRepo.latest(t, id)?.id ?? null;
				if (data.action === 'revise')
					patch.draft = revised = structuredClone(versionRepo.latest(t, id)?.questionnaire ?? draft) as Questionnaire;
				if (!surveyRepo.setStatus(t, s.organizationId, id, s.status, patch))
					throw new AppError('conflict', 'Someone else changed this survey just now. Reload and try again.');
			});
			const name = draftDoc(id);
			if (name) {
				// A new version starts from the latest frozen one: the document follows, open editors see it.
				if (revised) deps.live!().change(name, (doc) => writeDraft(doc, revised!));
				deps.live!().accessChanged(name);
			}
			deps.onChange?.(id);
			return next;
		},

		/** The live version's questions (the JSON API). */
		liveQuestions(actor: Actor, id: string) {
			const s = load(actor, id);
			const v = s.liveVersionId ? versionRepo.get(db, s.liveVersionId) : undefined;
			if (!v) throw new AppError('survey.not_open', 'This survey has no live version yet.');
			return {
				survey: presentSummary(s, responseRepo.count(db, actor.organizationId, id)),
				version: v.number,
				questions: presentQuestions(v.questionnaire as Questionnaire)
			};
		},

		/** Two versions' differences (by version number). */
		diff(actor: Actor, id: string, a: number, b: number) {
			load(actor, id);
			const versions = versionRepo.list(db, actor.organizationId, id);
			const va = versions.find((v) => v.number === a);
			const vb = versions.find((v) => v.number === b);
			if (!va || !vb) throw new AppError('not_found', 'No such version.');
			return diffVersions(va.questionnaire as Questionnaire, vb.questionnaire as Questionnaire);
		},

		districts(actor: Actor): Option[] {
			need(actor, 'survey.read');
			return districtOptions(actor.organizationId);
		},

		/** The row, for the other survey modules of this folder (already authorized by them). */
		row: load,

		/** The draft document's name if it exists, and the current draft (for the editor's no-JS path). */
		draftDoc,
		currentDraft
	};
}

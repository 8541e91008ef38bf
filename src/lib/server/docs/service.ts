/**
 * Collaboration documents: which exist, who may open or change them, creating one (seeded from
 * a template here, once, in the creation transaction: two clients never both insert it), and
 * the checklist projection. Used by the JSON API and by the sync server's handshake.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { can, type Action, type Actor } from '../../domain/auth/policies';
import { readChecklist, seedChecklist } from '../../domain/checklist/doc';
import { CHECKLIST_TEMPLATES, templateDocName, templateSteps } from '../../domain/checklist/template';
import { AppError } from '../../domain/errors';
import { parse } from '../../domain/validation';
import { docName, parseDocName, type DocKind } from '../../sync/protocol';
import { newId } from '../auth/tokens';
import { readPlan } from '../../domain/plan/doc';
import type { Database_, Db } from '../db/client';
import { planProjectionRepo } from '../plans/repository';
import { draftWritable, ensureDraftDoc, projectDraft } from '../surveys/draft-doc';
import { surveyRepo } from '../surveys/repository';
import { presentChecklistItem, presentDoc, type DocView } from './presenter';
import { checklistItemRepo, docRepo, type DocRow } from './repository';

/** The authorization rule of each document kind, in terms of the one policy table. */
export const DOC_RULES: Record<DocKind, { read: Action; write: Action; create: Action }> = {
	checklist: { read: 'doc.read', write: 'doc.write', create: 'doc.create' },
	actionplan: { read: 'doc.read', write: 'plan.edit', create: 'plan.edit' },
	questionnaire: { read: 'doc.read', write: 'survey.design', create: 'survey.design' }
};

export function docAccess(
	actor: Actor,
	doc: Pick<DocRow, 'kind' | 'organizationId'> & { name?: string }
): { read: boolean; write: boolean } {
	const rules = DOC_RULES[doc.kind];
	// the organization's checklist template shapes every new cycle: only cycle managers change it
	const write = doc.name === templateDocName(doc.organizationId) ? 'cycle.manage' : rules.write;
	return { read: can(actor, rules.read, doc), write: can(actor, write, doc) };
}

export const createDocInput = z.object({
	kind: z.literal('checklist', { error: 'Only checklists can be created here.' }),
	title: z
		.string({ error: 'Give the checklist a title.' })
		.trim()
		.min(1, 'Give the checklist a title.')
		.max(200, 'At most 200 characters.'),
	template: z.enum(CHECKLIST_TEMPLATES).optional()
});

/**
 * Registers a document of another module (a cycle's checklist and plan) inside that module's
 * transaction `t`, with its first content and its projection rows. Seeded on the server, once.
 */
export function insertDocInTx(t: Db, row: NewDocRow, ydoc: Y.Doc, now = new Date()): void {
	docRepo.insert(t, row);
	docRepo.appendInitialUpdate(t, row.name, Y.encodeStateAsUpdate(ydoc));
	if (row.kind === 'checklist') checklistItemRepo.replace(t, row, readChecklist(ydoc).items, now);
	if (row.kind === 'actionplan') planProjectionRepo.replace(t, row, readPlan(ydoc), now);
}
export interface NewDocRow {
	name: string;
	organizationId: string;
	kind: DocKind;
	title: string;
	createdBy: string | null;
}

export function createDocService(deps: { database: Database_ }) {
	const { db, tx } = deps.database;

	return {
		/** The documents `actor` may open, with whether they may change each. */
		list(actor: Actor): DocView[] {
			if (!can(actor, 'org.read')) throw new AppError('auth.forbidden', 'You do not have permission to do that.');
			const out: DocView[] = [];
			for (const d of docRepo.list(db, actor.organizationId)) {
				const access = docAccess(actor, d);
				if (!access.read) continue;
				const survey = d.kind === 'questionnaire' ? surveyRepo.get(db, d.organizationId, parseDocName(d.name)?.id ?? '') : undefined;
				out.push(presentDoc(d, access.write && (!survey || draftWritable(survey))));
			}
			return out;
		},

		/** Creates a checklist, optionally seeded from a template. */
		create(actor: Actor, input: unknown): DocView {
			const data = parse(createDocInput, input);
			if (!can(actor, DOC_RULES[data.kind].create, actor))
				throw new AppError('auth.forbidden', 'You do not have permission to create checklists.');
			const row = {
				name: docName(data.kind, newId()),
				organizationId: actor.organizationId,
				kind: data.kind,
				title: data.title,
				createdBy: actor.id
			};
			const ydoc = new Y.Doc();
			seedChecklist(ydoc, data.title, data.template ? [...templateSteps(data.template)] : [], newId);
			const update = Y.encodeStateAsUpdate(ydoc);
			tx((t) => {
				docRepo.insert(t, row);
				docRepo.appendInitialUpdate(t, row.name, update);
				checklistItemRepo.replace(t, row, readChecklist(ydoc).items, new Date());
			});
			ydoc.destroy();
			return presentDoc({ ...row, createdAt: new Date() }, true);
		},

		/**
		 * The sync handshake's question: may `actor` open `name`, and change it? null for a bad
		 * name, a document that does not exist and another organization's document alike (the
		 * answer must not tell which).
		 */
		open(actor: Actor, name: string): { doc: DocRow; canWrite: boolean } | null {
			const parsed = parseDocName(name);
			if (!parsed) return null;
			let doc = docRepo.get(db, name);
			if (!doc && parsed.kind === 'questionnaire' && can(actor, DOC_RULES.questionnaire.read, actor))
				// A survey's draft document is created (seeded from its draft) by the first to open it.
				doc = ensureDraftDoc(deps.database, actor.organizationId, parsed.id)?.doc;
			if (!doc) return null;
			const access = docAccess(actor, doc);
			if (!access.read) return null;
			if (doc.kind !== 'questionnaire') return { doc, canWrite: access.write };
			// A survey's draft is read-only once approved, live or closed (the version is frozen).
			const survey = surveyRepo.status(db, doc.organizationId, parsed.id);
			return { doc, canWrite: access.write && (!survey || draftWritable(survey)) };
		},

		/** Whether `name` is the draft document of a survey (has a projection into `surveys.draft`). */
		isSurveyDraft(name: string): boolean {
			const parsed = parseDocName(name);
			const doc = parsed?.kind === 'questionnaire' ? docRepo.get(db, name) : undefined;
			return !!doc && !!surveyRepo.get(db, doc.organizationId, parsed!.id);
		},

		/** Writes a questionnaire document back into its survey's `draft` (idempotent). */
		projectQuestionnaire(name: string, ydoc: Y.Doc): boolean {
			return projectDraft(deps.database, name, ydoc);
		},

		/** Rebuilds the checklist rows of `name` from its content (idempotent). */
		projectChecklist(name: string, ydoc: Y.Doc): number {
			const doc = docRepo.get(db, name);
			if (!doc) return 0;
			const { items } = readChecklist(ydoc);
			tx((t) => checklistItemRepo.replace(t, doc, items, new Date()));
			return items.length;
		},

		/** Rebuilds the plan rows (`plan_goals`, `plan_actions`) of `name` from its content (idempotent). */
		projectPlan(name: string, ydoc: Y.Doc): number {
			const doc = docRepo.get(db, name);
			if (!doc) return 0;
			const plan = readPlan(ydoc);
			tx((t) => planProjectionRepo.replace(t, doc, plan, new Date()));
			return plan.goals.length;
		},

		checklistItems(actor: Actor, name: string) {
			const opened = this.open(actor, name);
			if (!opened || opened.doc.kind !== 'checklist') throw new AppError('not_found', 'No such checklist.');
			return checklistItemRepo.list(db, actor.organizationId, name).map(presentChecklistItem);
		}
	};
}

export type DocService = ReturnType<typeof createDocService>;

/**
 * Each document kind: its authorization rule (which policy actions read and write it, from the
 * docs service) and its projection into SQL rows, if any. To add the action plan projection
 * (issue 4), give `actionplan` a `projection` here; the engine picks it up. The action plan's
 * projection fills `plan_goals` and `plan_actions` (src/lib/server/plans/repository.ts).
 */
import type { DocService } from '../../src/lib/server/docs/service';
import { DOC_RULES } from '../../src/lib/server/docs/service';
import type { DocKind } from '../../src/lib/sync/protocol';
import type { Projection } from './server';

export interface KindEntry {
	rules: (typeof DOC_RULES)[DocKind];
	projection?: Projection;
}

/** Projections run this long after the last stored update of a burst. */
export const PROJECTION_DELAY_MS = 250;

export function createRegistry(docs: DocService): Record<DocKind, KindEntry> {
	return {
		checklist: {
			rules: DOC_RULES.checklist,
			projection: { delayMs: PROJECTION_DELAY_MS, run: (name, doc) => void docs.projectChecklist(name, doc) }
		},
		actionplan: {
			rules: DOC_RULES.actionplan,
			projection: { delayMs: PROJECTION_DELAY_MS, run: (name, doc) => void docs.projectPlan(name, doc) }
		},
		questionnaire: {
			rules: DOC_RULES.questionnaire,
			// Only a survey's draft has a projection (a questionnaire document without a survey has none).
			projection: {
				delayMs: PROJECTION_DELAY_MS,
				run: (name, doc) => void docs.projectQuestionnaire(name, doc),
				applies: (name) => docs.isSurveyDraft(name)
			}
		}
	};
}

export function projectionsOf(registry: Record<DocKind, KindEntry>): Partial<Record<DocKind, Projection>> {
	const out: Partial<Record<DocKind, Projection>> = {};
	for (const [kind, entry] of Object.entries(registry) as [DocKind, KindEntry][]) if (entry.projection) out[kind] = entry.projection;
	return out;
}

/**
 * The surveys module as the app context holds it: staff use-cases, the draft editor, intake
 * (group commit on its own durable connection), the resident side, imports and exports.
 */
import type { Database_ } from '../db/client';
import type { LiveDocs } from '../docs/live';
import type { Logger } from '../log';
import { createResultsService } from '../results/service';
import { createSurveyEditor } from './editor';
import { createSurveyExport } from './export';
import { createFieldMode } from './field';
import { createGroupCommitter } from './group-commit';
import { createSurveyImport } from './import';
import { createIntake } from './intake';
import { createLiveFeed } from './live';
import { createQuotas } from './quotas';
import { createResidentSide } from './resident';
import { createSurveyStaff } from './staff';

export function createSurveyService(deps: { database: Database_; log: Logger; live?: () => LiveDocs }) {
	const committer = createGroupCommitter(deps.database.path, deps.database.sqlite);
	const staff = createSurveyStaff({ database: deps.database, live: deps.live });
	const row = staff.row;
	const quotas = createQuotas({ database: deps.database, row });
	return {
		...staff,
		editor: createSurveyEditor({
			database: deps.database,
			row,
			districts: staff.districts,
			draftDoc: staff.draftDoc,
			currentDraft: staff.currentDraft,
			live: deps.live
		}),
		intake: createIntake({ database: deps.database, committer }),
		resident: createResidentSide({ database: deps.database, row, currentDraft: staff.currentDraft }),
		exports: createSurveyExport({
			database: deps.database,
			row,
			weights: (actor, id) => createResultsService({ database: deps.database }).weightsById(actor, id)
		}),
		imports: createSurveyImport({ database: deps.database, committer, row }),
		live: createLiveFeed({ database: deps.database, row, quotas: quotas.progressOf }),
		quotas,
		field: createFieldMode({ database: deps.database, row }),
		/** Batches and items group-committed so far (health/metrics, the benchmark). */
		intakeStats: () => committer.stats(),
		/** Why responses cannot be stored any more (a failed disk sync), or null (/healthz). */
		intakeStorageError: () => committer.storageError(),
		/** Answers what is queued, then closes the intake connection. */
		close: () => committer.close()
	};
}

export type SurveyService = ReturnType<typeof createSurveyService>;

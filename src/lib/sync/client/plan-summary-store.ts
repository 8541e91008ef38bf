/**
 * The last summary of each plan seen on this device (`$lib/domain/plan/summary`), in the account's
 * IndexedDB `meta` table beside the document itself (deleted with it on sign-out). Failures are
 * swallowed: without a summary the plan page simply waits for the document.
 */
import { asPlanSummary, type PlanSummary } from '$lib/domain/plan/summary';
import { localDb } from './local-store';

const key = (docName: string) => `plan-summary:${docName}`;

export async function loadPlanSummary(userId: string, docName: string): Promise<PlanSummary | null> {
	const row = await localDb(userId)
		.meta.get(key(docName))
		.catch(() => undefined);
	return asPlanSummary(row?.value);
}

export async function savePlanSummary(userId: string, docName: string, summary: PlanSummary): Promise<void> {
	await localDb(userId)
		.meta.put({ key: key(docName), value: summary })
		.catch(() => {});
}

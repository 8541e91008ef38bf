/** Demo wiring for the summary report: the cycle whose action plan answers a survey's results. */
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import { cycles } from '../db/schema';

/** Links the demo cycle named `name` to `surveyId` (a no-op when there is no such cycle). */
export function linkDemoCycle(ctx: AppContext, organizationId: string, name: string, surveyId: string): void {
	ctx.database.db
		.update(cycles)
		.set({ surveyId })
		.where(and(eq(cycles.organizationId, organizationId), eq(cycles.name, name)))
		.run();
}

/** One action as "My actions" lists it: what the API sends and what a phone keeps offline. */
import type { ActionStatus } from './doc';

export interface AssignedActionView {
	id: string;
	title: string;
	goalTitle: string;
	cycleId: string | null;
	cycleName: string | null;
	/** the plan's Yjs document (`actionplan:<id>`), so a phone can keep it for offline use */
	planDoc: string;
	due: string | null;
	status: ActionStatus;
	statusLabel: string;
	progress: number;
	priority: string;
}

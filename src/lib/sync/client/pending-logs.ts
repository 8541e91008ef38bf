/**
 * Progress logs still in the outbox, as an action's timeline shows them ("saved on this device,
 * waiting to be sent"), with the photos' local Blobs for thumbnails until the server has them.
 */
import { ACTION_STATUS_LABELS, type ActionStatus } from '$lib/domain/plan/doc';
import type { OutboxRow } from './local-store';

export interface PendingLog {
	id: string;
	/** ISO time it was logged on the device */
	at: string;
	note: string;
	statusLabel: string | null;
	progress: number | null;
	location: { latitude: number; longitude: number } | null;
	photos: Blob[];
	/** the server refused it (the message is shown with the outbox's retry/discard) */
	failed: boolean;
}

/** The progress-log URL the outbox posts to for `actionId` (LogProgressForm). */
export const progressUrl = (actionId: string) => `/api/v1/actions/${actionId}/progress`;

function parse(body: string): Record<string, unknown> {
	try {
		const v: unknown = JSON.parse(body);
		return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

/** The outbox items that log progress on `actionId`, newest first (like the server's timeline). */
export function pendingLogsFor(rows: readonly OutboxRow[], actionId: string): PendingLog[] {
	const url = progressUrl(actionId);
	return rows
		.filter((r) => r.url === url && r.method === 'POST')
		.sort((a, b) => b.createdAt - a.createdAt)
		.map((r) => {
			const b = parse(r.body);
			const status = typeof b.status === 'string' && Object.hasOwn(ACTION_STATUS_LABELS, b.status) ? (b.status as ActionStatus) : null;
			const loc = b.location as { latitude?: unknown; longitude?: unknown } | null | undefined;
			return {
				id: r.id,
				at: new Date(r.createdAt).toISOString(),
				note: typeof b.note === 'string' ? b.note : '',
				statusLabel: status ? ACTION_STATUS_LABELS[status] : null,
				progress: typeof b.progress === 'number' ? b.progress : null,
				location:
					loc && typeof loc.latitude === 'number' && typeof loc.longitude === 'number'
						? { latitude: loc.latitude, longitude: loc.longitude }
						: null,
				photos: (r.files ?? []).filter((f) => f.field === 'photo').map((f) => f.blob),
				failed: r.status === 'failed'
			};
		});
}

/** What leaves the server about progress logs. */
import { ACTION_STATUS_LABELS, type ActionStatus } from '../../domain/plan/doc';
import type { ProgressLogRow, UploadRow } from './repository';

export interface ProgressLogView {
	id: string;
	actionId: string;
	note: string;
	status: string | null;
	statusLabel: string | null;
	progress: number | null;
	location: { latitude: number; longitude: number; accuracy: number | null } | null;
	author: string;
	at: string;
	photos: { id: string; url: string }[];
}

export function presentProgressLog(l: ProgressLogRow, authorName: string | null, photos: UploadRow[]): ProgressLogView {
	return {
		id: l.id,
		actionId: l.actionId,
		note: l.note,
		status: l.status,
		statusLabel: l.status ? (ACTION_STATUS_LABELS[l.status as ActionStatus] ?? l.status) : null,
		progress: l.progress,
		location: l.latitude !== null && l.longitude !== null ? { latitude: l.latitude, longitude: l.longitude, accuracy: l.accuracy } : null,
		author: authorName ?? 'Someone',
		at: l.createdAt.toISOString(),
		photos: photos.filter((p) => p.progressLogId === l.id).map((p) => ({ id: p.id, url: `/uploads/${p.id}` }))
	};
}

/**
 * Field progress logs: delivered exactly once whatever the network does. The device makes the
 * key (the outbox item id, sent as `Idempotency-Key`); UNIQUE(organization_id, idempotency_key)
 * decides. The same key with the same content answers the original result (200); with other
 * content, 409. Only the request that stored the log changes the action in the plan document,
 * through the sync engine, so open editors see the new status and percentage at once.
 */
import { createHash } from 'node:crypto';
import { can, type Actor } from '../../domain/auth/policies';
import { progressInput } from '../../domain/cycles/schemas';
import { AppError } from '../../domain/errors';
import { updateAction } from '../../domain/plan/doc';
import { parse } from '../../domain/validation';
import { activityRepo } from '../accounts/repository';
import { newId } from '../auth/tokens';
import type { AppContext } from '../context';
import { cycleRepo } from '../cycles/repository';
import { need } from '../cycles/service';
import { liveDocs } from '../docs/live';
import { planProjectionRepo, type PlanActionRow } from '../plans/repository';
import { checkPhotos, removePhotos, writePhoto } from './files';
import { presentProgressLog, type ProgressLogView } from './presenter';
import { progressRepo, uploadRepo, type ProgressLogRow } from './repository';

const KEY = /^[A-Za-z0-9_-]{8,128}$/;

export interface LogResult {
	/** 201 stored now; 200 a replay of a stored log */
	status: 200 | 201;
	log: ProgressLogView;
}

function sha256(data: Uint8Array | string): string {
	return createHash('sha256').update(data).digest('hex');
}

export function createProgressService(ctx: AppContext) {
	const { db, tx } = ctx.database;

	function view(row: ProgressLogRow): ProgressLogView {
		return presentProgressLog(
			row,
			progressRepo.authorName(db, row.organizationId, row.authorId),
			uploadRepo.forLogs(db, row.organizationId, [row.id])
		);
	}

	function replay(existing: ProgressLogRow, hash: string): LogResult {
		if (existing.requestHash !== hash)
			throw new AppError(
				'progress.key_conflict',
				'This update was already sent with different content. Discard it, or send it again as a new update.'
			);
		return { status: 200, log: view(existing) };
	}

	function action(actor: Actor, actionId: string): PlanActionRow {
		const a = planProjectionRepo.action(db, actor.organizationId, actionId);
		if (!a) throw new AppError('action.not_found', 'This action does not exist, or you do not have access to it.');
		return a;
	}

	return {
		/** The action's logs, newest first (its timeline). */
		list(actor: Actor, actionId: string): ProgressLogView[] {
			need(actor, 'doc.read');
			const a = action(actor, actionId);
			const rows = progressRepo.forAction(db, a.organizationId, a.actionId);
			const photos = uploadRepo.forLogs(
				db,
				a.organizationId,
				rows.map((r) => r.log.id)
			);
			return rows.map((r) => presentProgressLog(r.log, r.authorName, photos));
		},

		async log(actor: Actor, actionId: string, key: string | null, input: unknown, files: Uint8Array[]): Promise<LogResult> {
			need(actor, 'progress.log');
			if (!key || !KEY.test(key))
				throw new AppError('validation.failed', 'Send an Idempotency-Key header (8–128 letters, digits, - or _).', {
					fields: { idempotencyKey: 'Required.' }
				});
			const data = parse(progressInput, input);
			const photos = checkPhotos(files);
			const hash = sha256(JSON.stringify({ actionId, ...data, photos: photos.map((p) => sha256(p.bytes)) }));
			const org = actor.organizationId;
			const earlier = progressRepo.byKey(db, org, key);
			if (earlier) return replay(earlier, hash);
			const a = action(actor, actionId);
			if (!can(actor, 'progress.logAny', a) && a.owner !== actor.id)
				throw new AppError('auth.forbidden', 'You can log progress only on actions assigned to you.');

			const paths: string[] = [];
			for (const p of photos) paths.push(await writePhoto(ctx.config.dataDir, org, p));
			const row: ProgressLogRow = {
				id: newId(),
				organizationId: org,
				idempotencyKey: key,
				requestHash: hash,
				docName: a.docName,
				actionId: a.actionId,
				authorId: actor.id,
				note: data.note,
				status: data.status,
				progress: data.progress,
				latitude: data.location?.latitude ?? null,
				longitude: data.location?.longitude ?? null,
				accuracy: data.location?.accuracy ?? null,
				createdAt: new Date()
			};
			let stored: boolean;
			try {
				stored = tx((t) => {
					if (!progressRepo.insertOnce(t, row)) return false; // a concurrent copy of this request won
					photos.forEach((p, i) =>
						uploadRepo.insert(t, {
							id: newId(),
							organizationId: org,
							progressLogId: row.id,
							path: paths[i]!,
							mime: p.mime,
							size: p.bytes.length
						})
					);
					const cycle = cycleRepo.byPlanDoc(t, org, a.docName);
					activityRepo.record(t, {
						organizationId: org,
						actorId: actor.id,
						type: 'progress.logged',
						subject: cycle?.id ?? a.docName,
						data: { detail: `${a.title}${data.progress !== null ? ` · ${data.progress}%` : ''}`, actionId: a.actionId }
					});
					return true;
				});
			} catch (err) {
				await removePhotos(ctx.config.dataDir, paths); // nothing half-written stays on disk
				throw err;
			}
			if (!stored) {
				await removePhotos(ctx.config.dataDir, paths);
				const winner = progressRepo.byKey(db, org, key);
				if (!winner) throw new AppError('conflict', 'Please send the update again.');
				return replay(winner, hash);
			}
			if (data.status !== null || data.progress !== null) {
				try {
					liveDocs(ctx).change(
						a.docName,
						(doc) =>
							updateAction(doc, a.actionId, {
								...(data.status !== null ? { status: data.status } : {}),
								...(data.progress !== null ? { progress: data.progress } : {})
							}),
						actor.id
					);
				} catch (err) {
					// The log is stored; the plan shows the change once someone sets it by hand.
					ctx.log.error({ err: (err as Error).message, doc: a.docName }, 'progress.plan_update_failed');
				}
			}
			return { status: 201, log: view(row) };
		}
	};
}

export type ProgressService = ReturnType<typeof createProgressService>;

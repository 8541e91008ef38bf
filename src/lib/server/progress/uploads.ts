/** Serving uploaded photos: the organization is checked; the type is the one sniffed at upload. */
import type { Actor } from '../../domain/auth/policies';
import { AppError } from '../../domain/errors';
import type { AppContext } from '../context';
import { need } from '../cycles/service';
import { readPhoto } from './files';
import { uploadRepo } from './repository';

export async function readUpload(ctx: AppContext, actor: Actor, id: string): Promise<{ mime: string; bytes: Buffer }> {
	need(actor, 'doc.read');
	const row = uploadRepo.get(ctx.database.db, actor.organizationId, id);
	if (!row) throw new AppError('not_found', 'No such file.');
	try {
		return { mime: row.mime, bytes: await readPhoto(ctx.config.dataDir, row.path) };
	} catch {
		throw new AppError('not_found', 'No such file.');
	}
}

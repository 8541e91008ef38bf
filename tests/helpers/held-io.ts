/**
 * WAL file syncs that a test finishes by hand (the `io` option of `createWalSyncer`,
 * `openSqliteDocStore` and `createGroupCommitter`): asynchronous syncs wait in `held` until the
 * test calls `finish` (with an error to fail one); synchronous ones are counted in `syncedNow`
 * and throw once `failSyncNow` is given an error.
 */
import type { WalIo } from '../../src/lib/server/db/wal-sync';

export function heldIo() {
	const held: { fd: number; finish: (err?: Error) => void }[] = [];
	const syncedNow: number[] = [];
	let failNow: Error | null = null;
	const io: WalIo = {
		fdatasync: (fd, cb) => held.push({ fd, finish: (err) => cb(err ?? null) }),
		fdatasyncSync: (fd) => {
			syncedNow.push(fd);
			if (failNow) throw failNow;
		}
	};
	return { io, held, syncedNow, failSyncNow: (err: Error | null) => (failNow = err) };
}

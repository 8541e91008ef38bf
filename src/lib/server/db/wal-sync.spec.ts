import { fstatSync, mkdtempSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { heldIo } from '../../../../tests/helpers/held-io';
import { createWalSyncer } from './wal-sync';

const dirs: string[] = [];
/** a file standing in for the WAL file */
function walFile(): string {
	const dir = mkdtempSync(join(tmpdir(), 'civicloop-walsync-'));
	dirs.push(dir);
	const path = join(dir, 'test.db-wal');
	writeFileSync(path, 'frames');
	return path;
}
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** an answer that records `name` (or `name failed: message`) in `log` */
const recorder =
	(log: string[]) =>
	(name: string) =>
	(err: Error | null): void =>
		void log.push(err ? `${name} failed: ${err.message}` : name);

describe('createWalSyncer', () => {
	it('syncs the WAL file itself and answers once that sync has finished', () => {
		const path = walFile();
		const { io, held } = heldIo();
		const wal = createWalSyncer(path, io);
		const log: string[] = [];
		wal.afterSync(recorder(log)('a'));
		expect(held).toHaveLength(1);
		expect(fstatSync(held[0]!.fd).ino).toBe(statSync(path).ino);
		expect(log).toEqual([]); // committed, not yet on disk
		held[0]!.finish();
		expect(log).toEqual(['a']);
		wal.close();
	});

	it('runs one sync at a time: answers given during a sync wait for the next one, and all keep their order', () => {
		const { io, held } = heldIo();
		const wal = createWalSyncer(walFile(), io);
		const log: string[] = [];
		const answer = recorder(log);
		wal.afterSync(answer('a'));
		wal.afterSync(answer('b'));
		wal.afterSync(answer('c'));
		expect(held).toHaveLength(1);
		held[0]!.finish();
		expect(log).toEqual(['a']);
		expect(held).toHaveLength(2); // the next sync starts at once, for b and c together
		wal.afterSync(answer('d'));
		expect(held).toHaveLength(2);
		held[1]!.finish();
		expect(log).toEqual(['a', 'b', 'c']);
		expect(held).toHaveLength(3);
		held[2]!.finish();
		expect(log).toEqual(['a', 'b', 'c', 'd']);
		expect(held).toHaveLength(3); // nothing due: no more syncs
		wal.close();
	});

	it('fails the answers a failed sync covered, and every later one until the process restarts', () => {
		const { io, held, syncedNow } = heldIo();
		const wal = createWalSyncer(walFile(), io);
		const log: string[] = [];
		const answer = recorder(log);
		wal.afterSync(answer('a'));
		wal.afterSync(answer('b'));
		expect(wal.broken()).toBeNull();
		held[0]!.finish(new Error('EIO: i/o error, fdatasync'));
		expect(log).toEqual(['a failed: EIO: i/o error, fdatasync']);
		// Linux may report the next sync as a success after dropping the pages that failed:
		// nothing written since is answered as durable
		held[1]!.finish();
		expect(log[1]).toMatch(/^b failed: the database's write-ahead log could not be synced to disk \(EIO/);
		wal.afterSync(answer('c'));
		held[2]!.finish();
		expect(log[2]).toMatch(/^c failed: .*restart the server/);
		expect(wal.syncNow(true)?.message).toMatch(/restart the server/);
		expect(syncedNow).toHaveLength(1);
		expect(wal.broken()?.message).toMatch(/EIO/);
		wal.close();
	});

	it('answers the group whose sync cannot start (no WAL file) with that error, and goes on once there is one', () => {
		const path = walFile();
		unlinkSync(path);
		const { io, held } = heldIo();
		const wal = createWalSyncer(path, io);
		const log: string[] = [];
		wal.afterSync(recorder(log)('a'));
		expect(log).toEqual([expect.stringMatching(/^a failed: ENOENT/)]);
		writeFileSync(path, 'frames');
		wal.afterSync(recorder(log)('b'));
		held[0]!.finish();
		expect(log.slice(1)).toEqual(['b']);
		wal.close();
	});

	it('syncNow answers the running group and the waiting ones once, in order; the late asynchronous sync answers nothing', () => {
		const { io, held, syncedNow } = heldIo();
		const wal = createWalSyncer(walFile(), io);
		const log: string[] = [];
		const answer = recorder(log);
		wal.afterSync(answer('a')); // running
		wal.afterSync(answer('b')); // waiting
		wal.afterSync(answer('c')); // waiting
		expect(wal.syncNow()).toBeNull();
		expect(syncedNow).toHaveLength(1);
		expect(log).toEqual(['a', 'b', 'c']);
		wal.afterSync(answer('d')); // a new group, with a sync of its own
		expect(held).toHaveLength(2);
		held[0]!.finish(new Error('EIO: late')); // the sync syncNow overtook: answers nothing, not even its failure
		expect(log).toEqual(['a', 'b', 'c']);
		held[1]!.finish();
		expect(log).toEqual(['a', 'b', 'c', 'd']);
		wal.close();
	});

	it('syncNow with nothing due does not sync unless asked to, and hands back a failed sync’s error', () => {
		const { io, held, syncedNow, failSyncNow } = heldIo();
		const wal = createWalSyncer(walFile(), io);
		expect(wal.syncNow()).toBeNull();
		expect(syncedNow).toHaveLength(0);
		expect(wal.syncNow(true)).toBeNull(); // a synchronous write was just made
		expect(syncedNow).toHaveLength(1);

		const log: string[] = [];
		wal.afterSync(recorder(log)('a'));
		failSyncNow(new Error('EIO: i/o error, fdatasync'));
		expect(wal.syncNow()?.message).toBe('EIO: i/o error, fdatasync');
		expect(log).toEqual(['a failed: EIO: i/o error, fdatasync']);
		expect(syncedNow).toHaveLength(2);
		held[0]!.finish();
		expect(log).toHaveLength(1);
		wal.close();
	});

	it('close waits for the asynchronous sync in flight before closing the WAL file', () => {
		const { io, held } = heldIo();
		const wal = createWalSyncer(walFile(), io);
		const log: string[] = [];
		wal.afterSync(recorder(log)('a'));
		const fd = wal.fd()!;
		wal.close();
		expect(wal.fd()).toBe(fd); // still open: the sync on the thread pool uses it
		expect(() => fstatSync(fd)).not.toThrow();
		held[0]!.finish();
		expect(log).toEqual(['a']);
		expect(wal.fd()).toBeNull();
		expect(() => fstatSync(fd)).toThrow(expect.objectContaining({ code: 'EBADF' }));
	});

	it('close with no sync in flight closes the WAL file at once', () => {
		const { io } = heldIo();
		const wal = createWalSyncer(walFile(), io);
		wal.syncNow(true);
		const fd = wal.fd()!;
		expect(() => fstatSync(fd)).not.toThrow();
		wal.close();
		expect(wal.fd()).toBeNull();
		expect(() => fstatSync(fd)).toThrow(expect.objectContaining({ code: 'EBADF' }));
	});

	it('follows the WAL file when it is deleted and made again (all connections closed, then one opened)', () => {
		const path = walFile();
		const { io, syncedNow } = heldIo();
		const wal = createWalSyncer(path, io);
		wal.syncNow(true);
		unlinkSync(path);
		writeFileSync(path, 'new frames');
		wal.syncNow(true);
		expect(syncedNow).toHaveLength(2);
		expect(fstatSync(syncedNow[1]!).ino).toBe(statSync(path).ino);
		wal.close();
	});

	it('syncs for real with the default io', async () => {
		const wal = createWalSyncer(walFile());
		const errors = await Promise.all([0, 1, 2].map(() => new Promise((ok) => wal.afterSync(ok))));
		expect(errors).toEqual([null, null, null]);
		wal.close();
		expect(wal.fd()).toBeNull();
	});
});

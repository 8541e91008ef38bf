import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeStateVectors, unsyncedCount } from './unsynced';

describe('unsyncedCount', () => {
	it('is zero when the server has everything', () => {
		expect(unsyncedCount(new Map([[1, 5]]), new Map([[1, 5]]))).toBe(0);
	});

	it('sums the clocks the server has not reached, per client', () => {
		const local = new Map([
			[1, 10],
			[2, 4],
			[3, 7]
		]);
		const stored = new Map([
			[1, 6],
			[2, 4]
		]);
		expect(unsyncedCount(local, stored)).toBe(4 + 0 + 7);
	});

	it('never goes negative when the server is ahead', () => {
		expect(
			unsyncedCount(
				new Map([[1, 2]]),
				new Map([
					[1, 9],
					[2, 3]
				])
			)
		).toBe(0);
	});

	it('counts local Yjs changes from real state vectors', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		server.getText('t').insert(0, 'abc');
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		client.getText('t').insert(3, 'de');
		const local = Y.decodeStateVector(Y.encodeStateVector(client));
		const stored = Y.decodeStateVector(Y.encodeStateVector(server));
		expect(unsyncedCount(local, stored)).toBe(2);
		Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
		expect(unsyncedCount(local, Y.decodeStateVector(Y.encodeStateVector(server)))).toBe(0);
	});
});

describe('mergeStateVectors', () => {
	it('keeps the maximum clock of each client and reports a change', () => {
		const into = new Map([
			[1, 5],
			[2, 1]
		]);
		expect(
			mergeStateVectors(
				into,
				new Map([
					[1, 3],
					[2, 4],
					[3, 2]
				])
			)
		).toBe(true);
		expect([...into]).toEqual([
			[1, 5],
			[2, 4],
			[3, 2]
		]);
	});

	it('reports no change when nothing grows', () => {
		const into = new Map([[1, 5]]);
		expect(mergeStateVectors(into, new Map([[1, 5]]))).toBe(false);
	});
});

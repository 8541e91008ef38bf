import { describe, expect, it } from 'vitest';
import { syncStatus, unsyncedMessage, type ProviderFlags } from './sync-status';

const base: ProviderFlags = { online: true, shouldConnect: true, wsconnected: true, wsconnecting: false, synced: true, unsynced: 0 };

describe('syncStatus', () => {
	it('is synced only when connected, past the initial exchange and with nothing pending', () => {
		expect(syncStatus(base)).toBe('synced');
		expect(syncStatus({ ...base, unsynced: 2 })).toBe('syncing');
		expect(syncStatus({ ...base, synced: false })).toBe('syncing');
	});

	it('is offline without a network or after a refusal, connecting while the socket opens', () => {
		expect(syncStatus({ ...base, online: false })).toBe('offline');
		expect(syncStatus({ ...base, shouldConnect: false })).toBe('offline');
		expect(syncStatus({ ...base, wsconnected: false, wsconnecting: true })).toBe('connecting');
		expect(syncStatus({ ...base, wsconnected: false })).toBe('offline');
	});
});

describe('unsyncedMessage', () => {
	it('speaks plainly', () => {
		expect(unsyncedMessage(0)).toBe('All changes saved');
		expect(unsyncedMessage(1)).toBe('1 change not yet saved — it is kept on this device');
		expect(unsyncedMessage(3)).toBe('3 changes not yet saved — they are kept on this device');
	});
});

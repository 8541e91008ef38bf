import { describe, expect, it } from 'vitest';
import type { OutboxRow } from './local-store';
import { pendingLogsFor, progressUrl } from './pending-logs';

const row = (over: Partial<OutboxRow>): OutboxRow => ({
	id: 'k1',
	url: progressUrl('a1'),
	method: 'POST',
	body: JSON.stringify({ note: 'Cleared', status: 'on_track', progress: 60, location: null }),
	createdAt: Date.parse('2026-03-01T10:00:00Z'),
	status: 'pending',
	attempts: 0,
	nextAttemptAt: 0,
	lastError: null,
	...over
});

describe('pendingLogsFor', () => {
	it("shows an action's queued logs, newest first, with their photos", () => {
		const photo = new Blob(['x'], { type: 'image/jpeg' });
		const rows = [
			row({}),
			row({ id: 'k2', createdAt: Date.parse('2026-03-01T11:00:00Z'), files: [{ field: 'photo', name: 'p.jpg', blob: photo }] }),
			row({ id: 'other', url: progressUrl('a2') }),
			row({ id: 'survey', url: '/api/v1/surveys/x/responses' })
		];
		const logs = pendingLogsFor(rows, 'a1');
		expect(logs.map((l) => l.id)).toEqual(['k2', 'k1']);
		expect(logs[0]).toEqual({
			id: 'k2',
			at: '2026-03-01T11:00:00.000Z',
			note: 'Cleared',
			statusLabel: 'On track',
			progress: 60,
			location: null,
			photos: [photo],
			failed: false
		});
	});

	it('marks refused items and keeps a location', () => {
		const [l] = pendingLogsFor(
			[row({ status: 'failed', body: JSON.stringify({ note: '', progress: null, location: { latitude: 1.5, longitude: -2 } }) })],
			'a1'
		);
		expect(l).toMatchObject({ failed: true, statusLabel: null, progress: null, location: { latitude: 1.5, longitude: -2 } });
	});

	it('survives a body it cannot read and an unknown status', () => {
		const [a, b] = pendingLogsFor([row({ body: 'not json' }), row({ id: 'k0', createdAt: 0, body: '{"status":"toString"}' })], 'a1');
		expect(a).toMatchObject({ note: '', statusLabel: null, progress: null, photos: [] });
		expect(b!.statusLabel).toBeNull();
	});
});

import { describe, expect, it } from 'vitest';
import { fieldCounters } from './field-queue';
import type { OutboxRow } from './local-store';

const URL_A = '/api/v1/surveys/a/responses';
const row = (id: string, url: string, status: OutboxRow['status'] = 'pending'): OutboxRow => ({
	id,
	url,
	method: 'POST',
	body: '{}',
	createdAt: 1,
	status,
	attempts: 0,
	nextAttemptAt: 1,
	lastError: status === 'failed' ? 'This survey is closed.' : null
});

describe('fieldCounters', () => {
	it("counts only this survey's items: waiting, refused, and sent = queued − discarded − still queued", () => {
		const rows = [
			row('1', URL_A),
			row('2', URL_A, 'failed'),
			row('3', '/api/v1/surveys/b/responses'),
			row('4', '/api/v1/actions/x/progress')
		];
		const c = fieldCounters(rows, URL_A, { queued: 7, discarded: 1 });
		expect(c.pending).toBe(1);
		expect(c.failed.map((r) => r.id)).toEqual(['2']);
		expect(c.sent).toBe(4);
	});

	it('is all zero on a fresh device and never negative when the tally was lost', () => {
		expect(fieldCounters([], URL_A, { queued: 0, discarded: 0 })).toEqual({ pending: 0, sent: 0, failed: [] });
		expect(fieldCounters([row('1', URL_A)], URL_A, { queued: 0, discarded: 0 }).sent).toBe(0);
	});
});

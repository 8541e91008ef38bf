import { describe, expect, it } from 'vitest';
import { offlinePlan, warmDue, WARM_INTERVAL_MS } from './offline-plan';

const a = (id: string, cycleId: string | null, planDoc: string) => ({ id, cycleId, planDoc });

describe('offlinePlan', () => {
	it('keeps the list, each action page and each plan once', () => {
		expect(offlinePlan([a('x1', 'c1', 'actionplan:p1'), a('x2', 'c1', 'actionplan:p1'), a('x3', 'c2', 'actionplan:p2')])).toEqual({
			pages: ['/my/actions', '/my/actions/x1', '/my/actions/x2', '/my/actions/x3', '/cycles/c1/plan', '/cycles/c2/plan'],
			docs: ['actionplan:p1', 'actionplan:p2']
		});
	});

	it('keeps only the soonest action pages, but every plan', () => {
		const plan = offlinePlan([a('x1', 'c1', 'd1'), a('x2', 'c2', 'd2'), a('x3', 'c3', 'd3')], 1);
		expect(plan.pages).toEqual(['/my/actions', '/my/actions/x1', '/cycles/c1/plan', '/cycles/c2/plan', '/cycles/c3/plan']);
		expect(plan.docs).toEqual(['d1', 'd2', 'd3']);
	});

	it('skips the plan page of an action without a cycle and escapes ids', () => {
		expect(offlinePlan([a('a/b', null, 'd1')]).pages).toEqual(['/my/actions', '/my/actions/a%2Fb']);
	});

	it('keeps just the list when nothing is assigned', () => {
		expect(offlinePlan([])).toEqual({ pages: ['/my/actions'], docs: [] });
	});
});

describe('warmDue', () => {
	const now = Date.parse('2026-01-01T12:00:00Z');
	it('is due the first time, when asked, and after the interval', () => {
		expect(warmDue(null, now)).toBe(true);
		expect(warmDue(new Date(now - 1000).toISOString(), now, true)).toBe(true);
		expect(warmDue(new Date(now - WARM_INTERVAL_MS).toISOString(), now)).toBe(true);
	});
	it('is not due again within the interval', () => {
		expect(warmDue(new Date(now - WARM_INTERVAL_MS + 1000).toISOString(), now)).toBe(false);
	});
	it('is due when the stored time is unreadable or in the future (clock changed)', () => {
		expect(warmDue('garbage', now)).toBe(true);
		expect(warmDue(new Date(now + 60_000).toISOString(), now)).toBe(true);
	});
});

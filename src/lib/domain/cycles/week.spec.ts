import { describe, expect, it } from 'vitest';
import { addDays, dueWithin, todayIn } from './week';

describe('week', () => {
	it('adds calendar days across months and leap days', () => {
		expect(addDays('2024-02-27', 3)).toBe('2024-03-01');
		expect(addDays('2025-12-30', 7)).toBe('2026-01-06');
	});

	it('gives today in the organization time zone', () => {
		const at = new Date('2025-03-01T03:00:00Z');
		expect(todayIn('America/Chicago', at)).toBe('2025-02-28');
		expect(todayIn('UTC', at)).toBe('2025-03-01');
		expect(todayIn('Not/AZone', at)).toBe('2025-03-01');
	});

	it('lists open items due within a week, overdue first, soonest first', () => {
		const items = [
			{ id: 'a', due: '2025-03-09', done: false },
			{ id: 'b', due: '2025-03-02', done: false },
			{ id: 'c', due: '2025-02-20', done: false },
			{ id: 'd', due: '2025-03-03', done: true },
			{ id: 'e', due: null, done: false },
			{ id: 'f', due: '2025-03-08', done: false }
		];
		const r = dueWithin(items, '2025-03-01');
		expect(r.map((i) => i.id)).toEqual(['c', 'b', 'f']);
		expect(r[0]?.overdue).toBe(true);
		expect(r[1]?.overdue).toBe(false);
	});
});

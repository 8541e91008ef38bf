/**
 * "Due this week" on the cycle home: checklist items and plan actions, not done, due from today
 * through the next `days` days (overdue ones too, first), soonest first.
 */

export interface Dated {
	due: string | null;
	done: boolean;
}

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
	try {
		return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
	} catch {
		return now.toISOString().slice(0, 10);
	}
}

/** `date` plus `days` calendar days (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** The items not done that are due on or before `today + days`, overdue first, then by date. */
export function dueWithin<T extends Dated>(items: T[], today: string, days = 7): (T & { due: string; overdue: boolean })[] {
	const until = addDays(today, days);
	return items
		.filter((i): i is T & { due: string } => !i.done && i.due !== null && i.due <= until)
		.map((i) => ({ ...i, overdue: i.due < today }))
		.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

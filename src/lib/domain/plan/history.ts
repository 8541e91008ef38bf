/**
 * Per-edit history of an action plan: recorded edits (author, time) are grouped into sessions
 * (the same person editing without a long pause), and each session is described in words by
 * comparing the plan before and after it ("changed the status of “Fix potholes” to at risk").
 * Pure: the service reads the recorded updates and rebuilds the plan states.
 */
import { ACTION_STATUS_LABELS, type Action, type Goal, type Plan } from './doc';

export interface RecordedEdit {
	id: number;
	author: string | null;
	at: number;
}

export interface EditGroup {
	/** id of the first and last edit of the group */
	firstId: number;
	lastId: number;
	author: string | null;
	start: number;
	end: number;
	edits: number;
}

/** A pause longer than this starts a new session. */
export const SESSION_GAP_MS = 5 * 60_000;

/** Consecutive edits by the same author with no pause longer than `gapMs` form one group. */
export function groupEdits(edits: readonly RecordedEdit[], gapMs = SESSION_GAP_MS): EditGroup[] {
	const groups: EditGroup[] = [];
	for (const e of edits) {
		const last = groups.at(-1);
		if (last && last.author === e.author && e.at - last.end <= gapMs) {
			last.lastId = e.id;
			last.end = e.at;
			last.edits++;
		} else groups.push({ firstId: e.id, lastId: e.id, author: e.author, start: e.at, end: e.at, edits: 1 });
	}
	return groups;
}

/** One page of sessions (oldest first, as `groupEdits` gives them) and the cursors around it. */
export interface EditPage {
	/** the sessions of the page, oldest first */
	groups: EditGroup[];
	/** whether the page ends with the newest session */
	latest: boolean;
	/** the cursor of the next older page (the first edit of this page), or null at the first edit */
	older: number | null;
	/** the page of newer sessions (`before: null`: the newest page), or null on the newest page */
	newer: { before: number | null } | null;
}

/**
 * The `limit` sessions that started before edit `before` (the newest `limit` without a cursor).
 * Sessions only ever grow at the newest end, so a cursor keeps pointing at the same older
 * sessions while people go on editing: pages never overlap or skip a session. Any number is a
 * valid cursor (one from another plan simply falls between this plan's edits).
 */
export function pageOfGroups(groups: readonly EditGroup[], before: number | undefined, limit: number): EditPage {
	let end = groups.length;
	if (before !== undefined) {
		// the number of sessions that started before `before` (ids grow with the sessions)
		let lo = 0;
		while (lo < end) {
			const mid = (lo + end) >> 1;
			if (groups[mid]!.firstId < before) lo = mid + 1;
			else end = mid;
		}
	}
	const start = Math.max(0, end - limit);
	const newerEnd = Math.min(groups.length, end + limit);
	return {
		groups: groups.slice(start, end),
		latest: end === groups.length,
		older: start > 0 ? groups[start]!.firstId : null,
		newer: end === groups.length ? null : { before: newerEnd === groups.length ? null : groups[newerEnd]!.firstId }
	};
}

/** Names for the ids a plan holds (members, focus areas, KPIs); unknown ids read as "someone". */
export interface Names {
	member(id: string): string | undefined;
	focusArea?(id: string): string | undefined;
	kpi?(id: string): string | undefined;
}

const q = (s: string) => `“${s.trim() || 'Untitled'}”`;
const statusWord = (s: Action['status']) => ACTION_STATUS_LABELS[s].toLowerCase();
const shown = (v: string | number | null) => (v === null || v === '' ? 'nothing' : String(v));

function byId<T extends { id: string }>(list: readonly T[]): Map<string, T> {
	const m = new Map<string, T>();
	for (const x of list) if (!m.has(x.id)) m.set(x.id, x);
	return m;
}

function goalChanges(before: Goal, after: Goal, names: Names): string[] {
	const out: string[] = [];
	const g = q(after.title);
	if (before.title !== after.title) out.push(`renamed the goal ${q(before.title)} to ${g}`);
	if (before.baseline !== after.baseline) out.push(`set the baseline of ${g} to ${shown(after.baseline)}`);
	if (before.target !== after.target) out.push(`set the target of ${g} to ${shown(after.target)}`);
	if (before.due !== after.due) out.push(after.due ? `set the due date of ${g} to ${after.due}` : `removed the due date of ${g}`);
	if (before.focusAreaId !== after.focusAreaId)
		out.push(
			after.focusAreaId
				? `moved ${g} to the focus area ${names.focusArea?.(after.focusAreaId) ?? 'another focus area'}`
				: `removed the focus area of ${g}`
		);
	if (before.kpiId !== after.kpiId)
		out.push(after.kpiId ? `linked ${g} to the KPI ${names.kpi?.(after.kpiId) ?? 'another KPI'}` : `unlinked the KPI of ${g}`);
	if (before.evidence !== after.evidence && after.evidence) out.push(`linked evidence to ${g}`);
	return out;
}

function actionChanges(before: Action, after: Action, names: Names): string[] {
	const out: string[] = [];
	const a = q(after.title);
	if (before.title !== after.title) out.push(`renamed the action ${q(before.title)} to ${a}`);
	if (before.status !== after.status) out.push(`changed the status of ${a} to ${statusWord(after.status)}`);
	else if (before.progress !== after.progress) out.push(`set the progress of ${a} to ${after.progress} %`);
	if (before.owner !== after.owner)
		out.push(after.owner ? `assigned ${a} to ${names.member(after.owner) ?? 'a former member'}` : `unassigned ${a}`);
	if (before.due !== after.due) out.push(after.due ? `set the due date of ${a} to ${after.due}` : `removed the due date of ${a}`);
	if (before.priority !== after.priority) out.push(`set the priority of ${a} to ${after.priority}`);
	if (before.description !== after.description) out.push(`edited the description of ${a}`);
	const added = after.comments.length - before.comments.length;
	if (added > 0) out.push(added === 1 ? `commented on ${a}` : `added ${added} comments to ${a}`);
	return out;
}

/** What changed from `before` to `after`, one phrase per change, in plan order. */
export function describePlanChanges(before: Plan, after: Plan, names: Names): string[] {
	const out: string[] = [];
	if (before.title !== after.title && after.title) out.push(`renamed the plan to ${q(after.title)}`);
	const oldGoals = byId(before.goals);
	const newGoals = byId(after.goals);
	const oldActions = new Map(before.goals.flatMap((g) => g.actions.map((a) => [a.id, { a, goal: g }] as const)));
	const seenActions = new Set<string>();
	for (const g of newGoals.values()) {
		const old = oldGoals.get(g.id);
		if (!old) out.push(`added the goal ${q(g.title)}`);
		else out.push(...goalChanges(old, g, names));
		for (const a of g.actions) {
			if (seenActions.has(a.id)) continue;
			seenActions.add(a.id);
			const prev = oldActions.get(a.id);
			if (!prev) {
				out.push(`added the action ${q(a.title)} to ${q(g.title)}`);
				continue;
			}
			if (prev.goal.id !== g.id) out.push(`moved ${q(a.title)} to ${q(g.title)}`);
			out.push(...actionChanges(prev.a, a, names));
		}
	}
	for (const g of oldGoals.values()) if (!newGoals.has(g.id)) out.push(`removed the goal ${q(g.title)}`);
	for (const [id, { a }] of oldActions) if (!seenActions.has(id)) out.push(`removed the action ${q(a.title)}`);
	return out;
}

/** One sentence for a group: "Ana changed the status of “X” to at risk and made 2 other changes." */
export function summarize(author: string, changes: readonly string[]): string {
	if (changes.length === 0) return `${author} made changes that left the plan as it was`;
	const [first, ...rest] = changes;
	if (rest.length === 0) return `${author} ${first}`;
	if (rest.length === 1) return `${author} ${first} and ${rest[0]}`;
	return `${author} ${first} and made ${rest.length} other changes`;
}

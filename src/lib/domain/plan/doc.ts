/**
 * The shape of an action plan Yjs document (`actionplan:<id>`) and the only functions that read
 * or change it (server projection, seeding, browser editor, workshop board).
 *
 *   doc.getMap('meta')    title, cycleId
 *   doc.getArray('goals') Y.Map per goal: id, title (Y.Text), focusAreaId, kpiId, questionKeys
 *                         (string[]), baseline, target, due, evidence, actions (Y.Array of Y.Map)
 *   action Y.Map          id, title (Y.Text), description (Y.Text), owner, due, status, progress
 *                         (0–100), priority, comments (Y.Array of {id, author, text, at})
 *
 * Fields are separate map keys so two people changing different fields of one action both win.
 */
import * as Y from 'yjs';

export const ACTION_STATUSES = ['not_started', 'on_track', 'at_risk', 'blocked', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
	not_started: 'Not started',
	on_track: 'On track',
	at_risk: 'At risk',
	blocked: 'Blocked',
	done: 'Done'
};
export const PRIORITIES = ['low', 'medium', 'high'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Comment {
	id: string;
	author: string;
	text: string;
	at: string;
}

export interface Action {
	id: string;
	title: string;
	description: string;
	owner: string | null;
	due: string | null;
	status: ActionStatus;
	progress: number;
	priority: Priority;
	comments: Comment[];
}

export interface Goal {
	id: string;
	title: string;
	focusAreaId: string | null;
	kpiId: string | null;
	questionKeys: string[];
	baseline: number | null;
	target: number | null;
	due: string | null;
	evidence: string | null;
	actions: Action[];
}

export interface Plan {
	title: string;
	cycleId: string | null;
	goals: Goal[];
}

type M = Y.Map<unknown>;

export function goalsOf(doc: Y.Doc): Y.Array<M> {
	return doc.getArray<M>('goals');
}

const str = (m: M, k: string): string | null => {
	const v = m.get(k);
	return typeof v === 'string' && v !== '' ? v : null;
};
const num = (m: M, k: string): number | null => {
	const v = m.get(k);
	return typeof v === 'number' && Number.isFinite(v) ? v : null;
};
const text = (m: M, k: string): string => {
	const v = m.get(k);
	return v instanceof Y.Text ? v.toString() : typeof v === 'string' ? v : '';
};
const oneOf = <T extends string>(v: unknown, all: readonly T[], fallback: T): T =>
	typeof v === 'string' && (all as readonly string[]).includes(v) ? (v as T) : fallback;

/** Reads one action defensively: a malformed entry from an old or foreign client is skipped. */
export function readAction(m: unknown): Action | null {
	if (!(m instanceof Y.Map) || typeof m.get('id') !== 'string') return null;
	const comments = m.get('comments');
	return {
		id: m.get('id') as string,
		title: text(m, 'title'),
		description: text(m, 'description'),
		owner: str(m, 'owner'),
		due: str(m, 'due'),
		status: oneOf(m.get('status'), ACTION_STATUSES, 'not_started'),
		progress: Math.min(100, Math.max(0, Math.round(num(m, 'progress') ?? 0))),
		priority: oneOf(m.get('priority'), PRIORITIES, 'medium'),
		comments: comments instanceof Y.Array ? (comments.toArray().filter((c) => c && typeof c === 'object') as Comment[]) : []
	};
}

export function readGoal(m: unknown): Goal | null {
	if (!(m instanceof Y.Map) || typeof m.get('id') !== 'string') return null;
	const actions = m.get('actions');
	const keys = m.get('questionKeys');
	return {
		id: m.get('id') as string,
		title: text(m, 'title'),
		focusAreaId: str(m, 'focusAreaId'),
		kpiId: str(m, 'kpiId'),
		questionKeys: Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [],
		baseline: num(m, 'baseline'),
		target: num(m, 'target'),
		due: str(m, 'due'),
		evidence: str(m, 'evidence'),
		actions:
			actions instanceof Y.Array
				? actions
						.toArray()
						.map(readAction)
						.filter((a): a is Action => a !== null)
				: []
	};
}

/** The whole plan as plain data. */
export function readPlan(doc: Y.Doc): Plan {
	const meta = doc.getMap('meta');
	return {
		title: typeof meta.get('title') === 'string' ? (meta.get('title') as string) : '',
		cycleId: typeof meta.get('cycleId') === 'string' ? (meta.get('cycleId') as string) : null,
		goals: goalsOf(doc)
			.toArray()
			.map(readGoal)
			.filter((g): g is Goal => g !== null)
	};
}

/**
 * `readPlan` for a document read again and again while updates are applied to it (the history
 * page reads the plan after each session): a goal nothing changed inside since the last read is
 * the same object as then, the others are read again. The plan read is equal to `readPlan(doc)`.
 */
export function planReader(doc: Y.Doc): { read(): Plan; destroy(): void } {
	const goals = goalsOf(doc);
	const cache = new Map<M, Goal | null>();
	const changed = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
		for (const e of events) {
			// the goal the change is in (a change of the list itself changes no goal)
			let t: Y.AbstractType<unknown> | null = e.target;
			while (t && t.parent !== goals) t = t.parent;
			if (t) cache.delete(t as M);
		}
	};
	goals.observeDeep(changed);
	const goalOf = (m: M): Goal | null => {
		if (!cache.has(m)) cache.set(m, readGoal(m));
		return cache.get(m)!;
	};
	return {
		read() {
			const meta = doc.getMap('meta');
			return {
				title: typeof meta.get('title') === 'string' ? (meta.get('title') as string) : '',
				cycleId: typeof meta.get('cycleId') === 'string' ? (meta.get('cycleId') as string) : null,
				goals: goals
					.toArray()
					.map((m) => (m instanceof Y.Map ? goalOf(m) : null))
					.filter((g): g is Goal => g !== null)
			};
		},
		destroy() {
			goals.unobserveDeep(changed);
			cache.clear();
		}
	};
}

export type NewGoal = Partial<Omit<Goal, 'id' | 'actions'>> & { id: string; title: string };
export type NewAction = Partial<Omit<Action, 'id' | 'comments'>> & { id: string; title: string };

function actionMap(a: NewAction): M {
	const m = new Y.Map<unknown>();
	m.set('id', a.id);
	m.set('title', new Y.Text(a.title));
	m.set('description', new Y.Text(a.description ?? ''));
	m.set('owner', a.owner ?? null);
	m.set('due', a.due ?? null);
	m.set('status', a.status ?? 'not_started');
	m.set('progress', a.progress ?? 0);
	m.set('priority', a.priority ?? 'medium');
	m.set('comments', new Y.Array());
	return m;
}

/** Appends a goal. */
export function addGoal(doc: Y.Doc, g: NewGoal): void {
	const m = new Y.Map<unknown>();
	doc.transact(() => {
		m.set('id', g.id);
		m.set('title', new Y.Text(g.title));
		m.set('focusAreaId', g.focusAreaId ?? null);
		m.set('kpiId', g.kpiId ?? null);
		m.set('questionKeys', g.questionKeys ?? []);
		m.set('baseline', g.baseline ?? null);
		m.set('target', g.target ?? null);
		m.set('due', g.due ?? null);
		m.set('evidence', g.evidence ?? null);
		m.set('actions', new Y.Array<M>());
		goalsOf(doc).push([m]);
	});
}

function findGoal(doc: Y.Doc, goalId: string): { map: M; index: number } | null {
	const goals = goalsOf(doc);
	for (let i = 0; i < goals.length; i++) {
		const m = goals.get(i);
		if (m instanceof Y.Map && m.get('id') === goalId) return { map: m, index: i };
	}
	return null;
}

/** Finds an action anywhere in the plan. */
export function findAction(doc: Y.Doc, actionId: string): { map: M; goal: M; index: number } | null {
	for (const g of goalsOf(doc)) {
		const actions = g instanceof Y.Map ? g.get('actions') : null;
		if (!(actions instanceof Y.Array)) continue;
		for (let i = 0; i < actions.length; i++) {
			const a = actions.get(i);
			if (a instanceof Y.Map && a.get('id') === actionId) return { map: a, goal: g, index: i };
		}
	}
	return null;
}

/** Adds an action to a goal; false when the goal does not exist. */
export function addAction(doc: Y.Doc, goalId: string, a: NewAction): boolean {
	const goal = findGoal(doc, goalId);
	const actions = goal?.map.get('actions');
	if (!(actions instanceof Y.Array)) return false;
	doc.transact(() => actions.push([actionMap(a)]));
	return true;
}

function setFields(doc: Y.Doc, m: M, patch: Record<string, unknown>): void {
	doc.transact(() => {
		for (const [k, v] of Object.entries(patch)) {
			if (v === undefined) continue;
			const cur = m.get(k);
			if (cur instanceof Y.Text) {
				cur.delete(0, cur.length);
				cur.insert(0, String(v));
			} else m.set(k, v);
		}
	});
}

export function updateGoal(doc: Y.Doc, goalId: string, patch: Partial<Omit<Goal, 'id' | 'actions'>>): boolean {
	const g = findGoal(doc, goalId);
	if (!g) return false;
	setFields(doc, g.map, patch);
	return true;
}

/** Changes fields of an action; progress is clamped to 0–100 and `done` means 100 %. */
export function updateAction(doc: Y.Doc, actionId: string, patch: Partial<Omit<Action, 'id' | 'comments'>>): boolean {
	const a = findAction(doc, actionId);
	if (!a) return false;
	const p: Record<string, unknown> = { ...patch };
	if (typeof p.progress === 'number') p.progress = Math.min(100, Math.max(0, Math.round(p.progress)));
	if (p.status === 'done') p.progress = 100;
	setFields(doc, a.map, p);
	return true;
}

export function removeGoal(doc: Y.Doc, goalId: string): boolean {
	const g = findGoal(doc, goalId);
	if (!g) return false;
	goalsOf(doc).delete(g.index, 1);
	return true;
}

export function removeAction(doc: Y.Doc, actionId: string): boolean {
	const a = findAction(doc, actionId);
	const actions = a?.goal.get('actions');
	if (!a || !(actions instanceof Y.Array)) return false;
	actions.delete(a.index, 1);
	return true;
}

export function addComment(doc: Y.Doc, actionId: string, c: Comment): boolean {
	const a = findAction(doc, actionId);
	const comments = a?.map.get('comments');
	if (!(comments instanceof Y.Array)) return false;
	comments.push([c]);
	return true;
}

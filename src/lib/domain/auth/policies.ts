/**
 * The one place that decides access. Services, routes and the sync server all call `can()`; the UI
 * may hide controls, but never decides.
 */
import type { Role } from './roles';

/** The signed-in person, as far as policies care. */
export interface Actor {
	id: string;
	organizationId: string;
	role: Role;
	disabled?: boolean;
}

/** Anything that belongs to an organization. */
export interface OrgOwned {
	organizationId: string;
}

export type Action =
	| 'org.read'
	| 'org.update'
	| 'member.list'
	| 'member.invite'
	| 'member.changeRole'
	| 'member.disable'
	| 'token.manage'
	| 'doc.read'
	| 'doc.write'
	| 'doc.create'
	| 'cycle.manage'
	| 'plan.edit'
	| 'progress.log'
	| 'progress.logAny'
	| 'kpi.record'
	| 'survey.design'
	| 'survey.approve'
	| 'survey.read'
	| 'survey.feed'
	| 'survey.collect'
	| 'survey.export'
	| 'results.read';

const GRANTS: Record<Action, readonly Role[]> = {
	'org.read': ['admin', 'analyst', 'editor', 'field', 'viewer'],
	'org.update': ['admin'],
	'member.list': ['admin', 'analyst', 'editor', 'field', 'viewer'],
	'member.invite': ['admin'],
	'member.changeRole': ['admin'],
	'member.disable': ['admin'],
	'token.manage': ['admin', 'analyst', 'editor', 'field', 'viewer'],
	'doc.read': ['admin', 'analyst', 'editor', 'field', 'viewer'],
	'doc.write': ['admin', 'analyst', 'editor', 'field'],
	/** Starting a new checklist: field staff tick items but do not create lists. */
	'doc.create': ['admin', 'analyst', 'editor'],
	'cycle.manage': ['admin', 'analyst'],
	'plan.edit': ['admin', 'analyst', 'editor'],
	'progress.log': ['admin', 'analyst', 'editor', 'field'],
	/** Logging progress on an action someone else owns (field staff log only their own). */
	'progress.logAny': ['admin', 'analyst', 'editor'],
	/** Entering and importing KPI readings. */
	'kpi.record': ['admin', 'analyst', 'editor'],
	'survey.design': ['admin', 'analyst'],
	'survey.approve': ['admin', 'analyst'],
	'survey.read': ['admin', 'analyst', 'editor', 'field', 'viewer'],
	/** Submitting responses as staff or a service-desk system (channels field, api, paper). */
	'survey.feed': ['admin', 'analyst', 'editor', 'field'],
	/** Field intercept mode: a staff phone or tablet collecting responses face to face (kiosk). */
	'survey.collect': ['admin', 'analyst', 'editor', 'field'],
	/** Response-level data (exports, imports) is for those who design and analyse surveys. */
	'survey.export': ['admin', 'analyst'],
	'results.read': ['admin', 'analyst', 'editor', 'field', 'viewer']
};

/**
 * May `actor` perform `action` on `subject`? A disabled or missing actor may do nothing; a subject
 * of another organization is always refused, whatever the role.
 */
export function can(actor: Actor | null | undefined, action: Action, subject?: OrgOwned): boolean {
	if (!actor || actor.disabled) return false;
	if (subject && subject.organizationId !== actor.organizationId) return false;
	return GRANTS[action].includes(actor.role);
}

/** Roles that may perform `action` (for help text and the UI). */
export function rolesFor(action: Action): readonly Role[] {
	return GRANTS[action];
}

/** The staff navigation. Later modules add their entries here; `can` decides who sees what. */
import { can, type Action, type Actor } from './domain/auth/policies';
import type { Role } from './domain/auth/roles';

export interface NavItem {
	href: string;
	label: string;
	icon: 'home' | 'people' | 'settings' | 'plan' | 'survey' | 'chart' | 'check' | 'cycle';
	requires?: Action;
	/** Roles that see this entry first (field staff: their assigned actions). */
	firstFor?: readonly Role[];
}

export const NAV: NavItem[] = [
	{ href: '/home', label: 'Home', icon: 'home' },
	{ href: '/my/actions', label: 'My actions', icon: 'check', requires: 'progress.log', firstFor: ['field'] },
	{ href: '/cycles', label: 'Cycles', icon: 'cycle', requires: 'doc.read' },
	{ href: '/surveys', label: 'Surveys', icon: 'survey', requires: 'survey.read' },
	{ href: '/kpis', label: 'KPIs', icon: 'chart', requires: 'doc.read' },
	{ href: '/results', label: 'Results', icon: 'chart', requires: 'results.read' },
	{ href: '/docs', label: 'Documents', icon: 'plan', requires: 'doc.read' },
	{ href: '/members', label: 'People', icon: 'people', requires: 'member.list' },
	{ href: '/settings', label: 'Settings', icon: 'settings' }
];

export function navFor(actor: Actor | null): NavItem[] {
	const visible = NAV.filter((n) => !n.requires || can(actor, n.requires));
	const first = (n: NavItem) => (actor && n.firstFor?.includes(actor.role) ? 0 : 1);
	return visible
		.map((n, i) => ({ n, i }))
		.sort((a, b) => first(a.n) - first(b.n) || a.i - b.i)
		.map(({ n }) => n);
}

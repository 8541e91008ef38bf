/** The staff navigation. Later modules add their entries here; `can` decides who sees what. */
import { can, type Action, type Actor } from './domain/auth/policies';

export interface NavItem {
	href: string;
	label: string;
	icon: 'home' | 'people' | 'settings' | 'plan' | 'survey' | 'chart';
	requires?: Action;
}

export const NAV: NavItem[] = [
	{ href: '/home', label: 'Home', icon: 'home' },
	{ href: '/members', label: 'People', icon: 'people', requires: 'member.list' },
	{ href: '/settings', label: 'Settings', icon: 'settings' }
];

export function navFor(actor: Actor | null): NavItem[] {
	return NAV.filter((n) => !n.requires || can(actor, n.requires));
}

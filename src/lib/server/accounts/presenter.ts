/** What leaves the server about people: never password hashes or token hashes. */
import type { Role } from '../../domain/auth/roles';
import type { ApiTokenRow, InvitationRow, OrganizationRow, UserRow } from './repository';

export interface MemberView {
	id: string;
	name: string;
	email: string;
	role: Role;
	status: 'active' | 'disabled';
	createdAt: string;
}

export function presentMember(u: UserRow): MemberView {
	return {
		id: u.id,
		name: u.name,
		email: u.email,
		role: u.role,
		status: u.disabledAt ? 'disabled' : 'active',
		createdAt: u.createdAt.toISOString()
	};
}

export interface InvitationView {
	id: string;
	email: string;
	role: Role;
	expiresAt: string;
	createdAt: string;
}

export function presentInvitation(i: InvitationRow): InvitationView {
	return { id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() };
}

export interface ApiTokenView {
	id: string;
	name: string;
	createdAt: string;
	lastUsedAt: string | null;
}

export function presentApiToken(t: ApiTokenRow): ApiTokenView {
	return { id: t.id, name: t.name, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null };
}

export interface OrganizationView {
	id: string;
	name: string;
	slug: string;
	timeZone: string;
}

export function presentOrganization(o: OrganizationRow): OrganizationView {
	return { id: o.id, name: o.name, slug: o.slug, timeZone: o.timeZone };
}

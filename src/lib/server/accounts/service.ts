/**
 * Account use-cases: validate → authorize → domain → persist. Routes and the JSON API call these;
 * nothing else touches the account tables.
 */
import { AppError } from '../../domain/errors';
import { can, type Actor } from '../../domain/auth/policies';
import * as s from '../../domain/accounts/schemas';
import { parse } from '../../domain/validation';
import type { Database_ } from '../db/client';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { Mailer } from '../mail';
import { dummyHash, hashPassword, verifyPassword } from '../auth/password';
import { createRateLimiter } from '../auth/rate-limit';
import type { SessionStore } from '../auth/session';
import { hashToken, newId, randomToken } from '../auth/tokens';
import { activityRepo, apiTokenRepo, invitationRepo, organizationRepo, userRepo, type UserRow } from './repository';
import { presentApiToken, presentInvitation, presentMember, presentOrganization } from './presenter';

export interface AccountDeps {
	database: Database_;
	sessions: SessionStore;
	events: EventBus;
	mailer: Mailer;
	log: Logger;
	invitationMs: number;
}

export function toActor(u: UserRow): Actor {
	return { id: u.id, organizationId: u.organizationId, role: u.role, disabled: !!u.disabledAt };
}

function slugify(name: string): string {
	const base = name
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 40);
	return base || 'agency';
}

function require(actor: Actor, action: Parameters<typeof can>[1], subject?: { organizationId: string }) {
	if (!can(actor, action, subject)) throw new AppError('auth.forbidden', 'You do not have permission to do that.');
}

export function createAccountService(deps: AccountDeps) {
	const { database, sessions, events, mailer, log } = deps;
	const { db, tx } = database;
	// Sign-in limits: per account+IP (guessing one password) and per IP (spraying many accounts).
	const perAccount = createRateLimiter({ points: 5, windowMs: 15 * 60_000 });
	const perIp = createRateLimiter({ points: 50, windowMs: 15 * 60_000 });

	return {
		needsSetup(): boolean {
			return organizationRepo.count(db) === 0;
		},

		/** First run: creates the organization and its first administrator, signed in. */
		async setup(input: unknown) {
			const data = parse(s.setupInput, input);
			if (organizationRepo.count(db) > 0) throw new AppError('setup.already_done', 'CivicLoop is already set up. Sign in instead.');
			const passwordHash = await hashPassword(data.password);
			const orgId = newId();
			const user = { id: newId(), organizationId: orgId, email: data.email, name: data.name, role: 'admin' as const, passwordHash };
			tx((t) => {
				// Re-check inside the transaction: two setup forms submitted at once make one organization.
				if (organizationRepo.count(t) > 0) throw new AppError('setup.already_done', 'CivicLoop is already set up. Sign in instead.');
				organizationRepo.insert(t, {
					id: orgId,
					name: data.organizationName,
					slug: slugify(data.organizationName),
					timeZone: data.timeZone
				});
				userRepo.insert(t, user);
				activityRepo.record(t, { organizationId: orgId, actorId: user.id, type: 'organization.created', subject: data.organizationName });
			});
			log.info({ organizationId: orgId }, 'organization.created');
			return sessions.create(user);
		},

		/**
		 * Adds another organization with its first administrator (hosting providers, tests). Unlike
		 * `setup`, works when organizations already exist; the e-mail must be unused.
		 */
		async provisionOrganization(input: unknown) {
			const data = parse(s.setupInput, input);
			if (userRepo.byEmail(db, data.email))
				throw new AppError('member.email_taken', 'That e-mail address already has an account.', { fields: { email: 'Already used.' } });
			const passwordHash = await hashPassword(data.password);
			const orgId = newId();
			const user = { id: newId(), organizationId: orgId, email: data.email, name: data.name, role: 'admin' as const, passwordHash };
			tx((t) => {
				let slug = slugify(data.organizationName);
				if (organizationRepo.bySlug(t, slug)) slug = `${slug}-${orgId.slice(0, 6)}`;
				organizationRepo.insert(t, { id: orgId, name: data.organizationName, slug, timeZone: data.timeZone });
				userRepo.insert(t, user);
				activityRepo.record(t, { organizationId: orgId, actorId: user.id, type: 'organization.created', subject: data.organizationName });
			});
			return { organizationId: orgId, userId: user.id };
		},

		async login(input: unknown, ip: string) {
			const data = parse(s.loginInput, input);
			const wait = Math.max(perAccount.hit(`${data.email}|${ip}`), perIp.hit(ip));
			if (wait > 0)
				throw new AppError('auth.rate_limited', `Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`, {
					retryAfterSeconds: wait
				});
			const user = userRepo.byEmail(db, data.email);
			const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), data.password);
			if (!user || !ok) throw new AppError('auth.invalid_credentials', 'That e-mail address and password do not match an account.');
			if (user.disabledAt) throw new AppError('auth.disabled', 'This account is disabled. Ask an administrator to enable it.');
			perAccount.reset(`${data.email}|${ip}`);
			activityRepo.record(db, { organizationId: user.organizationId, actorId: user.id, type: 'member.signed_in' });
			return { ...sessions.create(user), user: presentMember(user) };
		},

		logout(token: string, actor?: Actor) {
			sessions.invalidate(token);
			if (actor) events.emit('member.changed', { organizationId: actor.organizationId, userId: actor.id, reason: 'signed_out' });
		},

		organization(actor: Actor) {
			require(actor, 'org.read');
			const org = organizationRepo.get(db, actor.organizationId);
			if (!org) throw new AppError('not_found', 'Organization not found.');
			return presentOrganization(org);
		},

		me(actor: Actor) {
			const u = userRepo.get(db, actor.organizationId, actor.id);
			if (!u) throw new AppError('member.not_found', 'Account not found.');
			return presentMember(u);
		},

		listMembers(actor: Actor) {
			require(actor, 'member.list');
			return userRepo.list(db, actor.organizationId).map(presentMember);
		},

		getMember(actor: Actor, userId: string) {
			require(actor, 'member.list');
			const u = userRepo.get(db, actor.organizationId, userId);
			if (!u) throw new AppError('member.not_found', 'No such member in your organization.');
			return presentMember(u);
		},

		listInvitations(actor: Actor) {
			require(actor, 'member.invite');
			return invitationRepo.listOpen(db, actor.organizationId, new Date()).map(presentInvitation);
		},

		/** Creates a single-use invitation; returns the token once (to show and e-mail). */
		async invite(actor: Actor, input: unknown, baseUrl: string) {
			require(actor, 'member.invite', { organizationId: actor.organizationId });
			const data = parse(s.inviteInput, input);
			const existing = userRepo.byEmail(db, data.email);
			if (existing)
				throw new AppError('member.email_taken', 'Someone already has an account with that e-mail address.', {
					fields: { email: 'This e-mail address already has an account.' }
				});
			const token = randomToken();
			const now = new Date();
			const row = {
				id: newId(),
				organizationId: actor.organizationId,
				email: data.email,
				role: data.role,
				tokenHash: hashToken(token),
				invitedBy: actor.id,
				expiresAt: new Date(now.getTime() + deps.invitationMs)
			};
			tx((t) => {
				invitationRepo.revokeOpenForEmail(t, actor.organizationId, data.email, now);
				invitationRepo.insert(t, row);
				activityRepo.record(t, {
					organizationId: actor.organizationId,
					actorId: actor.id,
					type: 'member.invited',
					subject: data.email,
					data: { role: data.role }
				});
			});
			const url = `${baseUrl}/invite/${token}`;
			const org = organizationRepo.get(db, actor.organizationId);
			const emailed = await mailer.send({
				to: data.email,
				subject: `You are invited to ${org?.name ?? 'CivicLoop'} on CivicLoop`,
				text: `You have been invited to join ${org?.name ?? 'your agency'} on CivicLoop.\n\nOpen this link to choose a password (it works once, until ${row.expiresAt.toUTCString()}):\n${url}\n`
			});
			return {
				invitation: presentInvitation({ ...row, acceptedAt: null, revokedAt: null, createdAt: now, invitedBy: actor.id }),
				url,
				emailed
			};
		},

		revokeInvitation(actor: Actor, id: string) {
			require(actor, 'member.invite');
			if (invitationRepo.revoke(db, actor.organizationId, id, new Date()) !== 1)
				throw new AppError('invitation.invalid', 'That invitation does not exist or was already used.');
		},

		/** What the invitation page shows before accepting; errors say why a link no longer works. */
		invitation(token: string) {
			const inv = /^[a-z2-7]{32}$/.test(token) ? invitationRepo.byTokenHash(db, hashToken(token)) : undefined;
			if (!inv || inv.revokedAt)
				throw new AppError('invitation.invalid', 'This invitation link is not valid. Ask your administrator for a new one.');
			if (inv.acceptedAt) throw new AppError('invitation.used', 'This invitation has already been used. Sign in instead.');
			if (inv.expiresAt.getTime() <= Date.now())
				throw new AppError('invitation.expired', 'This invitation has expired. Ask your administrator for a new one.');
			return inv;
		},

		async acceptInvitation(token: string, input: unknown) {
			const data = parse(s.acceptInvitationInput, input);
			const inv = this.invitation(token);
			const passwordHash = await hashPassword(data.password);
			const user = { id: newId(), organizationId: inv.organizationId, email: inv.email, name: data.name, role: inv.role, passwordHash };
			tx((t) => {
				if (!invitationRepo.markAccepted(t, inv.id, new Date()))
					throw new AppError('invitation.used', 'This invitation has already been used. Sign in instead.');
				if (userRepo.byEmail(t, inv.email))
					throw new AppError('member.email_taken', 'An account with this e-mail address already exists. Sign in instead.');
				userRepo.insert(t, user);
				activityRepo.record(t, {
					organizationId: inv.organizationId,
					actorId: user.id,
					type: 'member.joined',
					subject: inv.email,
					data: { role: inv.role }
				});
			});
			return sessions.create(user);
		},

		changeRole(actor: Actor, input: unknown) {
			const data = parse(s.changeRoleInput, input);
			const target = userRepo.get(db, actor.organizationId, data.userId);
			require(actor, 'member.changeRole', target);
			if (!target) throw new AppError('member.not_found', 'No such member in your organization.');
			if (target.role === data.role) return presentMember(target);
			tx((t) => {
				if (target.role === 'admin' && userRepo.countActiveAdmins(t, actor.organizationId) <= 1)
					throw new AppError('member.last_admin', 'The organization needs at least one active administrator.');
				userRepo.setRole(t, actor.organizationId, target.id, data.role);
				activityRepo.record(t, {
					organizationId: actor.organizationId,
					actorId: actor.id,
					type: 'member.role_changed',
					subject: target.email,
					data: { from: target.role, to: data.role }
				});
			});
			events.emit('member.changed', { organizationId: actor.organizationId, userId: target.id, reason: 'role' });
			return presentMember({ ...target, role: data.role });
		},

		setDisabled(actor: Actor, userId: string, disabled: boolean) {
			const target = userRepo.get(db, actor.organizationId, userId);
			require(actor, 'member.disable', target);
			if (!target) throw new AppError('member.not_found', 'No such member in your organization.');
			if (disabled && target.id === actor.id) throw new AppError('member.last_admin', 'You cannot disable your own account.');
			tx((t) => {
				if (disabled && target.role === 'admin' && !target.disabledAt && userRepo.countActiveAdmins(t, actor.organizationId) <= 1)
					throw new AppError('member.last_admin', 'The organization needs at least one active administrator.');
				userRepo.update(t, actor.organizationId, target.id, { disabledAt: disabled ? new Date() : null });
				activityRepo.record(t, {
					organizationId: actor.organizationId,
					actorId: actor.id,
					type: disabled ? 'member.disabled' : 'member.enabled',
					subject: target.email
				});
			});
			if (disabled) sessions.invalidateUser(target.id);
			events.emit('member.changed', { organizationId: actor.organizationId, userId: target.id, reason: disabled ? 'disabled' : 'enabled' });
			return presentMember({ ...target, disabledAt: disabled ? new Date() : null });
		},

		updateProfile(actor: Actor, input: unknown) {
			const name = parse(s.personName, (input as { name?: unknown } | null)?.name);
			userRepo.update(db, actor.organizationId, actor.id, { name });
		},

		/** Changes the password and ends every other session of this account. */
		async changePassword(actor: Actor, currentSessionId: string, input: unknown) {
			const data = parse(s.changePasswordInput, input);
			const u = userRepo.get(db, actor.organizationId, actor.id);
			if (!u || !(await verifyPassword(u.passwordHash, data.currentPassword)))
				throw new AppError('auth.invalid_credentials', 'Your current password is not correct.', {
					fields: { currentPassword: 'Not correct.' }
				});
			userRepo.update(db, actor.organizationId, actor.id, { passwordHash: await hashPassword(data.newPassword) });
			sessions.invalidateUser(actor.id, currentSessionId);
		},

		listApiTokens(actor: Actor) {
			require(actor, 'token.manage');
			return apiTokenRepo.listForUser(db, actor.organizationId, actor.id).map(presentApiToken);
		},

		/** Creates a personal API token; the plain token is returned once and never stored. */
		createApiToken(actor: Actor, input: unknown) {
			require(actor, 'token.manage');
			const { name } = parse(s.apiTokenInput, input);
			const token = `cl_${randomToken()}`;
			const row = { id: newId(), organizationId: actor.organizationId, userId: actor.id, name, tokenHash: hashToken(token) };
			apiTokenRepo.insert(db, row);
			activityRepo.record(db, { organizationId: actor.organizationId, actorId: actor.id, type: 'token.created', subject: name });
			return { token, view: presentApiToken({ ...row, createdAt: new Date(), lastUsedAt: null, revokedAt: null }) };
		},

		revokeApiToken(actor: Actor, id: string) {
			require(actor, 'token.manage');
			if (apiTokenRepo.revoke(db, actor.organizationId, actor.id, id, new Date()) !== 1)
				throw new AppError('token.not_found', 'That token does not exist or was already revoked.');
		},

		/** The user behind an `Authorization: Bearer` token, or null. */
		authenticateApiToken(token: string): UserRow | null {
			if (!/^cl_[a-z2-7]{32}$/.test(token)) return null;
			const found = apiTokenRepo.byHashWithUser(db, hashToken(token));
			if (!found || found.user.disabledAt) return null;
			// last used: written at most once a minute per token, not on every request or handshake
			if (!found.token.lastUsedAt || Date.now() - found.token.lastUsedAt.getTime() > 60_000)
				apiTokenRepo.touch(db, found.token.id, new Date());
			return found.user;
		},

		recentActivity(actor: Actor, limit = 20) {
			require(actor, 'org.read');
			return activityRepo.recent(db, actor.organizationId, limit).map((a) => ({
				id: a.id,
				type: a.type,
				subject: a.subject,
				data: a.data,
				at: a.at.toISOString(),
				actorId: a.actorId,
				actorName: a.actorName ?? 'Someone'
			}));
		}
	};
}

export type AccountService = ReturnType<typeof createAccountService>;

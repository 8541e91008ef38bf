import { app } from '$lib/server/app';
import { actionError, formObject } from '$lib/server/http/errors';
import { can } from '$lib/domain/auth/policies';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = locals.actor!;
	const accounts = app().accounts;
	const manage = can(actor, 'member.invite');
	return {
		members: accounts.listMembers(actor),
		invitations: manage ? accounts.listInvitations(actor) : [],
		manage,
		mailEnabled: !!app().config.smtpUrl,
		me: actor.id
	};
};

export const actions: Actions = {
	invite: async ({ request, locals, url }) => {
		const form = await formObject(request);
		try {
			const r = await app().accounts.invite(locals.actor!, form, url.origin);
			return { invited: { email: r.invitation.email, url: r.url, emailed: r.emailed } };
		} catch (e) {
			return actionError(e, form);
		}
	},
	role: async ({ request, locals }) => {
		const form = await formObject(request);
		try {
			const m = app().accounts.changeRole(locals.actor!, form);
			return { done: `${m.name} is now ${m.role}.` };
		} catch (e) {
			return actionError(e);
		}
	},
	disable: async ({ request, locals }) => {
		const form = await formObject(request);
		try {
			const m = app().accounts.setDisabled(locals.actor!, form.userId ?? '', true);
			return { done: `${m.name} is disabled and signed out everywhere.` };
		} catch (e) {
			return actionError(e);
		}
	},
	enable: async ({ request, locals }) => {
		const form = await formObject(request);
		try {
			const m = app().accounts.setDisabled(locals.actor!, form.userId ?? '', false);
			return { done: `${m.name} can sign in again.` };
		} catch (e) {
			return actionError(e);
		}
	},
	revoke: async ({ request, locals }) => {
		const form = await formObject(request);
		try {
			app().accounts.revokeInvitation(locals.actor!, form.id ?? '');
			return { done: 'Invitation withdrawn.' };
		} catch (e) {
			return actionError(e);
		}
	}
};

import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '$lib/server/app';
import { api, apiActor, readJson } from '$lib/server/http/api';
import { parse } from '$lib/domain/validation';
import { role } from '$lib/domain/accounts/schemas';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) =>
	api(() => json({ member: app().accounts.getMember(apiActor(locals), params.id) }));

const patch = z.strictObject({ role: role.optional(), disabled: z.boolean().optional() });

/** Change a member's role and/or disable them: `{role?, disabled?}`. Unknown fields are refused. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	api(async () => {
		const actor = apiActor(locals);
		const body = parse(patch, await readJson(request));
		const accounts = app().accounts;
		let member = accounts.getMember(actor, params.id);
		if (body.role) member = accounts.changeRole(actor, { userId: params.id, role: body.role });
		if (body.disabled !== undefined) member = accounts.setDisabled(actor, params.id, body.disabled);
		return json({ member });
	});

import { error } from '@sveltejs/kit';
import { parseDocName } from '$lib/sync/protocol';
import { app } from '$lib/server/app';
import { createDocService } from '$lib/server/docs/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => {
	const actor = locals.actor!;
	const parsed = parseDocName(params.name);
	// The same answer for "no such document" and "not yours": the name must not tell which.
	const opened = parsed ? createDocService(app()).open(actor, params.name) : null;
	if (!parsed || !opened) error(404, 'This document does not exist, or you do not have access to it.');
	const members = app()
		.accounts.listMembers(actor)
		.filter((m) => m.status === 'active')
		.map((m) => ({ id: m.id, name: m.name }));
	return { name: opened.doc.name, kind: parsed.kind, title: opened.doc.title, canWrite: opened.canWrite, members };
};

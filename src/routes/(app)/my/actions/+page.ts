/**
 * The list of my actions: from the API when the server answers (on the server and in the
 * browser), otherwise from the copy kept on this device (`$lib/client/my-actions-cache.svelte.ts`), so the page opens
 * with no signal, even on a device that never visited it (the shell keeps the copy fresh:
 * `$lib/client/offline-warm.ts`).
 */
import { browser } from '$app/environment';
import { error } from '@sveltejs/kit';
import type { AssignedActionView } from '$lib/domain/plan/assigned';
import { loadList } from '$lib/client/my-actions-cache.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent }) => {
	// The key of the no-JavaScript form (JavaScript uses the outbox and a key of its own).
	const formKey = crypto.randomUUID();
	let res: Response | null = null;
	try {
		res = await fetch('/api/v1/my/actions');
	} catch (e) {
		if (!browser) throw e;
	}
	if (res?.ok) {
		const body = (await res.json()) as { actions: AssignedActionView[]; generatedAt: string };
		return { actions: body.actions, generatedAt: body.generatedAt, formKey, fromDevice: false };
	}
	if (res && res.status < 500) {
		const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
		error(res.status, body?.error?.message ?? 'The list of your actions could not be loaded.');
	}
	if (!browser) error(res?.status ?? 500, 'The list of your actions could not be loaded.');
	// No connection (or the server is down): this device's copy, if any.
	const { user } = await parent();
	const cached = await loadList(user.id);
	return { actions: cached?.actions ?? [], generatedAt: cached?.at ?? null, formKey, fromDevice: true };
};

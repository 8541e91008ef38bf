/**
 * A shared document opened for the life of a page: local first (IndexedDB), then the socket.
 * `open()` is for an `$effect` (the document and its socket are an external system): it returns
 * the cleanup. A changed role reloads the page data. The sync client is imported statically so
 * it loads with the page instead of after hydration; `performance` marks time the opening
 * (`doc:open` → `doc:loaded`) for bench/plans.ts.
 */
import { untrack } from 'svelte';
import { invalidateAll } from '$app/navigation';
import { localAccount } from './local-account.svelte';
import { openDoc, type OpenedDoc } from './open-doc';

export class LiveDoc {
	opened = $state<OpenedDoc | null>(null);
	failure = $state<string | null>(null);

	open(name: string, userId: string): () => void {
		let handle: OpenedDoc | null = null;
		let cancelled = false;
		this.failure = null;
		performance.mark('doc:open');
		untrack(() => void localAccount.start(userId));
		openDoc(name, { userId })
			.then((h) => {
				if (cancelled) return h.destroy();
				performance.mark('doc:loaded');
				handle = h;
				h.connection.onAccessChanged = () => void invalidateAll();
				this.opened = h;
			})
			.catch((e: unknown) => {
				if (!cancelled) this.failure = e instanceof Error ? e.message : String(e);
			});
		return () => {
			cancelled = true;
			this.opened = null;
			handle?.destroy();
		};
	}
}

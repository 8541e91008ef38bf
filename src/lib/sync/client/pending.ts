/**
 * One number for the shell: local changes not yet confirmed by the server, summed over sources
 * (the outbox, each open document). The update prompt waits while it is above zero.
 */
import { appStatus } from '$lib/client/app-status.svelte';

const sources = new Map<string, number>();

export function reportPending(source: string, count: number): void {
	if (count > 0) sources.set(source, count);
	else sources.delete(source);
	let total = 0;
	for (const n of sources.values()) total += n;
	appStatus.pending = total;
}

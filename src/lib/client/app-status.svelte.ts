/**
 * What the shell tells the user about the app itself: offline, an update waiting, local changes
 * not yet sent, and whether the browser agreed to keep local data (navigator.storage.persist).
 */
type Updater = (reload?: boolean) => Promise<void>;

class AppStatus {
	online = $state(true);
	updateReady = $state(false);
	/** Local changes not yet confirmed by the server (outbox items + unsynced documents). */
	pending = $state(0);
	persisted = $state<boolean | null>(null);
	#updater: Updater | undefined;
	#started = false;

	/** Registers the service worker and listens for connectivity. Call once, in the browser. */
	async start(): Promise<void> {
		if (this.#started || typeof window === 'undefined') return;
		this.#started = true;
		this.online = navigator.onLine;
		window.addEventListener('online', () => (this.online = true));
		window.addEventListener('offline', () => (this.online = false));
		if (navigator.storage?.persisted) this.persisted = await navigator.storage.persisted();
		if (!('serviceWorker' in navigator)) return;
		const { registerSW } = await import('virtual:pwa-register');
		this.#updater = registerSW({
			immediate: true,
			onNeedRefresh: () => (this.updateReady = true),
			onRegisteredSW: (_url, reg) => {
				// Look for a new version every 10 minutes while the app stays open.
				if (reg) setInterval(() => void reg.update().catch(() => {}), 10 * 60_000);
			}
		});
	}

	/** Asks the browser to keep local data (called after sign-in); returns the answer. */
	async requestPersistence(): Promise<boolean | null> {
		if (!navigator.storage?.persist) return (this.persisted = null);
		this.persisted = await navigator.storage.persist();
		return this.persisted;
	}

	/** Activates the waiting service worker and reloads, but never while changes are pending. */
	async applyUpdate(): Promise<boolean> {
		if (this.pending > 0) return false;
		if (!this.#updater || !navigator.serviceWorker?.controller) {
			location.reload();
			return true;
		}
		// Reload once the new worker has taken over (vite-pwa's own reload only fires for some
		// update paths, e.g. not when the update was found by a background check).
		navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
		await this.#updater(true);
		return true;
	}
}

export const appStatus = new AppStatus();

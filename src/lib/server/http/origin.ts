/**
 * Origin allow-list for state-changing requests. SvelteKit's own CSRF check covers only form
 * content types; this one covers every non-GET request that carries a session cookie, whatever
 * its content type, and the WebSocket handshake.
 */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
	return SAFE.has(method.toUpperCase());
}

/** True when `origin` (the request's Origin header) may change state on `selfOrigin`. */
export function originAllowed(origin: string | null, selfOrigin: string, allowed: readonly string[]): boolean {
	if (!origin || origin === 'null') return false;
	return origin === selfOrigin || allowed.includes(origin);
}

// Prerendered and precached by the service worker: the page shown for a navigation that fails
// offline to a page never visited before.
export const prerender = true;

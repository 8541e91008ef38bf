import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { devSyncPlugin } from './server/dev-plugin.ts';

export default defineConfig({
	plugins: [
		sveltekit(),
		devSyncPlugin(),
		SvelteKitPWA({
			registerType: 'prompt',
			injectRegister: false,
			strategies: 'generateSW',
			manifest: false, // served from static/manifest.webmanifest
			includeManifestIcons: false,
			workbox: {
				// A server-rendered app: no app-shell fallback for navigations (STACK.md pitfall 2).
				navigateFallback: null,
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,woff2,webmanifest}', 'prerendered/**/*.html'],
				ignoreURLParametersMatching: [/.*/],
				cleanupOutdatedCaches: true,
				// First install takes control at once; an update still waits for the user (no skipWaiting).
				clientsClaim: true,
				skipWaiting: false,
				runtimeCaching: [
					{
						urlPattern: ({ request, url }) =>
							request.mode === 'navigate' && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/sync'),
						handler: 'NetworkFirst',
						options: {
							cacheName: 'pages',
							networkTimeoutSeconds: 4,
							expiration: { maxEntries: 200 },
							precacheFallback: { fallbackURL: '/offline' }
						}
					},
					{
						// Client-side navigation fetches each page's data as __data.json: cache it like the
						// page itself, so links inside the app work offline for pages seen before.
						urlPattern: ({ url }) => url.pathname.endsWith('/__data.json'),
						handler: 'NetworkFirst',
						options: { cacheName: 'page-data', networkTimeoutSeconds: 4, expiration: { maxEntries: 200 } }
					},
					{
						urlPattern: ({ url }) =>
							url.pathname.startsWith('/icons/') || url.pathname === '/manifest.webmanifest' || url.pathname === '/keep-typed.js',
						handler: 'StaleWhileRevalidate',
						options: { cacheName: 'static' }
					}
				]
			},
			kit: { includeVersionFile: false },
			devOptions: { enabled: false }
		})
	],
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['src/**/*.spec.ts', 'server/**/*.spec.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					environment: 'node',
					testTimeout: 90_000,
					hookTimeout: 120_000,
					fileParallelism: false,
					// A browser needs more than the default second; polls still end as soon as they hold.
					expect: { poll: { timeout: 15_000, interval: 50 } }
				}
			}
		]
	}
});

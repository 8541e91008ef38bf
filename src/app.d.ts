/// <reference types="vite-plugin-pwa/client" />
/// <reference types="vite-plugin-pwa/info" />
/// <reference types="@sveltejs/kit" />
import type { Actor } from '$lib/domain/auth/policies';
import type { Locale } from '$lib/i18n';
import type { MemberView } from '$lib/server/accounts/presenter';

declare global {
	namespace App {
		interface Error {
			message: string;
			id?: string;
		}
		interface Locals {
			user: MemberView | null;
			actor: Actor | null;
			sessionId: string | null;
			sessionToken: string | null;
			/** How the request was authenticated. */
			auth: 'session' | 'token' | null;
			locale: Locale;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};

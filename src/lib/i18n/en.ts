/**
 * English catalogue: the source of keys. Everything a resident sees must be here and in es.ts
 * (the type of es.ts makes a missing key a compile error; a spec checks placeholders match).
 */
export const en = {
	'app.name': 'CivicLoop',
	'app.skip': 'Skip to main content',
	'lang.label': 'Language',
	'lang.switch': 'Español',
	'offline.title': 'You are offline',
	'offline.body':
		'This page has not been saved on this device yet. Pages you opened before still work without a connection; new ones will load when you are back online.',
	'offline.retry': 'Try again',
	'offline.banner': 'Offline — changes are kept on this device and sent when you reconnect.',
	'update.banner': 'Update available',
	'update.reload': 'Reload',
	'update.pending': 'Reload after {count} pending change(s) are sent.',
	'login.title': 'Sign in',
	'login.email': 'E-mail address',
	'login.password': 'Password',
	'login.submit': 'Sign in',
	'login.lead': 'Staff of your agency sign in here. Residents do not need an account.',
	'error.title': 'Something went wrong',
	'error.notFound': 'We could not find that page.',
	'error.home': 'Go to the start page',
	'error.reference': 'Reference: {id}',
	'footer.accessibility': 'Accessible to WCAG 2.1 AA. Tell us if something does not work for you.'
} as const;

export type MessageKey = keyof typeof en;

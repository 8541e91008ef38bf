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
	'footer.accessibility': 'Accessible to WCAG 2.1 AA. Tell us if something does not work for you.',
	'survey.progress': 'Section {current} of {total}',
	'survey.next': 'Next',
	'survey.back': 'Back',
	'survey.submit': 'Send my answers',
	'survey.required': '(required)',
	'survey.chooseMany': 'Choose all that apply.',
	'survey.numberRange': 'A number from {min} to {max}.',
	'survey.errorSummary': 'Please check {count} answer(s):',
	'survey.errorTitle': 'Error',
	'survey.privacy': 'Your answers are anonymous: we do not record who you are unless a question asks.',
	'survey.savedLocally': 'Your answers are kept on this device until you send them.',
	'survey.thanks.title': 'Thank you!',
	'survey.thanks.body': 'Your answers have been received. They help us decide what to improve first.',
	'survey.closed.title': 'This survey is closed',
	'survey.closed.body': 'It no longer accepts answers. Thank you for your interest.',
	'survey.notOpen.title': 'This survey is not open yet',
	'survey.notOpen.body': 'Please come back when it opens.',
	'survey.tokenUsed.title': 'This invitation link has already been used',
	'survey.tokenUsed.body': 'Each invitation can answer once. Thank you for taking part.',
	'survey.tokenNeeded.title': 'This survey is by invitation',
	'survey.tokenNeeded.body': 'Open the personal link from your invitation letter to answer.',
	'survey.notFound': 'We could not find this survey.',
	'survey.rateLimited': 'Too many answers are arriving right now. Please try again in a minute.',
	'survey.conflict': 'These answers were already sent from this page. Reload the survey to answer again.'
} as const;

export type MessageKey = keyof typeof en;

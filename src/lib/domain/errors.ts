/**
 * One error vocabulary for the whole app. Services throw `AppError` with a stable code; one helper
 * per transport (form action, JSON API, WebSocket) maps it. Messages are safe to show to a user.
 */
export type ErrorCode =
	| 'auth.required'
	| 'auth.invalid_credentials'
	| 'auth.disabled'
	| 'auth.rate_limited'
	| 'auth.forbidden'
	| 'auth.bad_origin'
	| 'setup.already_done'
	| 'invitation.invalid'
	| 'invitation.expired'
	| 'invitation.used'
	| 'member.not_found'
	| 'member.email_taken'
	| 'member.last_admin'
	| 'token.not_found'
	| 'validation.failed'
	| 'not_found'
	| 'conflict'
	| 'payload.too_large'
	| 'survey.not_found'
	| 'survey.locked'
	| 'survey.invalid_transition'
	| 'survey.invalid_edit'
	| 'survey.not_open'
	| 'survey.closed'
	| 'survey.duplicate_conflict'
	| 'survey.token_invalid'
	| 'survey.token_used'
	| 'survey.rate_limited'
	| 'import.invalid'
	| 'cycle.not_found'
	| 'cycle.closed'
	| 'cycle.open_items'
	| 'cycle.last_phase'
	| 'kpi.not_found'
	| 'action.not_found'
	| 'progress.key_conflict'
	| 'upload.invalid';

const STATUS: Record<ErrorCode, number> = {
	'auth.required': 401,
	'auth.invalid_credentials': 400,
	'auth.disabled': 403,
	'auth.rate_limited': 429,
	'auth.forbidden': 403,
	'auth.bad_origin': 403,
	'setup.already_done': 409,
	'invitation.invalid': 404,
	'invitation.expired': 410,
	'invitation.used': 410,
	'member.not_found': 404,
	'member.email_taken': 409,
	'member.last_admin': 409,
	'token.not_found': 404,
	'validation.failed': 400,
	not_found: 404,
	conflict: 409,
	'payload.too_large': 413,
	'survey.not_found': 404,
	'survey.locked': 409,
	'survey.invalid_transition': 409,
	'survey.invalid_edit': 400,
	'survey.not_open': 404,
	'survey.closed': 410,
	'survey.duplicate_conflict': 409,
	'survey.token_invalid': 403,
	'survey.token_used': 409,
	'survey.rate_limited': 429,
	'import.invalid': 400,
	'cycle.not_found': 404,
	'cycle.closed': 409,
	'cycle.open_items': 409,
	'cycle.last_phase': 409,
	'kpi.not_found': 404,
	'action.not_found': 404,
	'progress.key_conflict': 409,
	'upload.invalid': 400
};

/** Field name → message, for forms and JSON bodies. */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
	override readonly name = 'AppError';
	readonly code: ErrorCode;
	readonly status: number;
	readonly fields?: FieldErrors;
	readonly retryAfterSeconds?: number;

	constructor(code: ErrorCode, message: string, extra: { fields?: FieldErrors; retryAfterSeconds?: number } = {}) {
		super(message);
		this.code = code;
		this.status = STATUS[code];
		this.fields = extra.fields;
		this.retryAfterSeconds = extra.retryAfterSeconds;
	}
}

/**
 * Brand check instead of `instanceof`: the production process loads server modules twice (once
 * through tsx for the sync server, once bundled in the SvelteKit handler).
 */
export function isAppError(e: unknown): e is AppError {
	return (
		typeof e === 'object' &&
		e !== null &&
		(e as { name?: unknown }).name === 'AppError' &&
		typeof (e as { code?: unknown }).code === 'string' &&
		typeof (e as { status?: unknown }).status === 'number'
	);
}

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
	| 'payload.too_large';

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
	'payload.too_large': 413
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

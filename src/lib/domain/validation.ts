import type { z } from 'zod';
import { AppError, type FieldErrors } from './errors';

/** Turns zod issues into one message per field (the first issue of each). */
export function fieldErrors(error: z.ZodError): FieldErrors {
	const out: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.length ? issue.path.map(String).join('.') : '_';
		if (!(key in out)) out[key] = issue.message;
	}
	return out;
}

/**
 * Parses `input` with `schema` or throws `validation.failed` naming each bad field. Nothing is
 * stored before this passes.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const fields = fieldErrors(result.error);
	const names = Object.keys(fields).filter((k) => k !== '_');
	const message = names.length ? `Check ${names.join(', ')}.` : (fields._ ?? 'The input is not valid.');
	throw new AppError('validation.failed', message, { fields });
}

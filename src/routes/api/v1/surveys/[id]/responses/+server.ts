import { app } from '$lib/server/app';
import { toResponse } from '$lib/server/http/answer';
import { answerIntake } from '$lib/server/surveys/intake-http';
import type { RequestHandler } from './$types';

/**
 * Submit a response: `{uuid, answers: {key: value}, channel, language, token?}`. No sign-in for
 * public surveys; a service-desk system may send an API token. 201 stored, 200 replay of the same
 * response (`duplicate: true`), 409 same uuid with other content, 400 invalid (`fields` by question
 * key), 404 unknown or not open, 410 closed, 429 rate limited.
 *
 * In the production process most requests never reach this route: server/index.ts answers them on
 * a fast path (src/lib/server/surveys/intake-fast.ts) that runs the same `answerIntake`.
 */
export const POST: RequestHandler = async ({ locals, params, request, getClientAddress }) =>
	toResponse(
		await answerIntake(app().surveys.intake, {
			surveyId: params.id,
			contentType: request.headers.get('content-type'),
			contentLength: request.headers.get('content-length'),
			readText: () => request.text(),
			ip: getClientAddress(),
			actor: locals.actor
		})
	);

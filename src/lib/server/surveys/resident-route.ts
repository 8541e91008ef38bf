/**
 * Load and actions of the resident pages (/s/<slug> and /s/<slug>/<token>), so both routes stay
 * a few lines each: parse → one service call → fail()/redirect().
 */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { isAppError } from '../../domain/errors';
import type { StepMove } from '../../domain/surveys/flow';
import type { Questionnaire } from '../../domain/surveys/questionnaire';
import { translator, type Locale } from '../../i18n';
import { app } from '../app';
import { firstPage, residentStep, type PageState } from './resident-page';
import type { PublicSurvey } from './resident';

export type ResidentView =
	| { state: 'open'; questionnaire: Questionnaire; page: PageState; storageKey: string; slug: string }
	| { state: 'closed' | 'not_open' | 'token_needed' | 'token_used'; title: null; slug: string };

function survey(slug: string, locale: Locale): PublicSurvey {
	try {
		return app().surveys.resident.bySlug(slug);
	} catch (e) {
		if (isAppError(e) && e.status === 404) error(404, translator(locale)('survey.notFound'));
		throw e;
	}
}

function gate(s: PublicSurvey, token: string | undefined, locale: Locale): ResidentView['state'] {
	if (s.state !== 'open') return s.state;
	if (!token) return s.access === 'invitation' ? 'token_needed' : 'open';
	const state = app().surveys.intake.tokenState(s.id, token);
	if (state === 'invalid') error(404, translator(locale)('survey.notFound'));
	return state === 'used' ? 'token_used' : 'open';
}

/** The first page of the survey at `slug` (or why it cannot be answered). */
export function residentLoad(slug: string, locale: Locale, token?: string): ResidentView {
	const s = survey(slug, locale);
	const state = gate(s, token, locale);
	if (state !== 'open' || !s.questionnaire) return { state: state === 'open' ? 'not_open' : state, title: null, slug };
	return {
		state: 'open',
		questionnaire: s.questionnaire,
		page: firstPage(s.questionnaire, locale),
		storageKey: `civicloop.survey.${s.slug}`,
		slug
	};
}

/** One page's submit: the next page, the same page with messages, or the stored response. */
export async function residentAction(event: RequestEvent, move: StepMove, token?: string) {
	const { params, request, locals } = event;
	const slug = params.slug ?? '';
	const s = survey(slug, locals.locale);
	const state = gate(s, token, locals.locale);
	if (state !== 'open' || !s.questionnaire) redirect(303, event.url.pathname);
	const r = residentStep(s.questionnaire, await request.formData(), move, locals.locale);
	if (!r.done) return Object.keys(r.page.errors).length ? fail(400, { page: r.page }) : { page: r.page };
	const t = translator(r.lang);
	try {
		await app().surveys.intake.submit(
			s.id,
			{ uuid: r.uuid, answers: r.answers, channel: 'web', language: r.lang, token },
			{ ip: event.getClientAddress(), actor: null }
		);
	} catch (e) {
		if (!isAppError(e)) throw e;
		if (e.code === 'survey.rate_limited') return fail(429, { page: { ...r.page, message: t('survey.rateLimited') } });
		if (e.code === 'survey.duplicate_conflict') return fail(409, { page: { ...r.page, message: t('survey.conflict') } });
		if (e.code === 'validation.failed') return fail(400, { page: { ...r.page, message: e.message } });
		if (e.code === 'survey.token_used') redirect(303, `/s/${slug}/thanks?lang=${r.lang}&used=1`);
		redirect(303, `${event.url.pathname}?lang=${r.lang}`);
	}
	redirect(303, `/s/${slug}/thanks?lang=${r.lang}`);
}

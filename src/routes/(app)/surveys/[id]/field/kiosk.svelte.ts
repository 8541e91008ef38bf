/**
 * One respondent at a time on a field device: start screen → one section per screen → queued →
 * start screen again. The steps are the resident page's (`step` in the survey domain), so every
 * answer is validated here exactly as the server will validate it.
 */
import type { Answers } from '$lib/domain/surveys/answers';
import { pageQuestions, progress, step, visibleSections, type StepMove } from '$lib/domain/surveys/flow';
import type { Questionnaire } from '$lib/domain/surveys/questionnaire';
import type { Locale } from '$lib/i18n';

export type KioskPhase = 'start' | 'answering';

export class Kiosk {
	phase = $state<KioskPhase>('start');
	lang = $state<Locale>('en');
	index = $state(0);
	/** Answers of the pages moved past (validated per page), plus the current page's last read. */
	answers = $state<Answers>({});
	/** What the current page shows live (follow-ups toggle on change without a step). */
	live = $state<Answers>({});
	errors = $state<Record<string, string>>({});
	uuid = $state('');
	/** A response was just queued: the start screen thanks the last person. */
	thanked = $state(false);
	#q: Questionnaire;

	constructor(q: Questionnaire, lang: Locale) {
		this.#q = q;
		this.lang = lang;
	}

	get questionnaire(): Questionnaire {
		return this.#q;
	}

	get progress() {
		return progress(this.#q, this.index, this.answers);
	}

	get items() {
		return pageQuestions(this.#q, this.index, this.live);
	}

	/** A new respondent in `lang`: a fresh UUID, nothing carried over from the last one. */
	begin(lang: Locale): void {
		this.lang = lang;
		this.uuid = crypto.randomUUID();
		this.answers = {};
		this.live = {};
		this.errors = {};
		this.index = visibleSections(this.#q, {})[0] ?? 0;
		this.thanked = false;
		this.phase = 'answering';
	}

	/** The current page's inputs changed: recompute which follow-ups show. */
	read(page: Answers): void {
		this.live = this.#merge(page);
	}

	/** Switches language mid-response, keeping what this page has so far. */
	switchLanguage(lang: Locale, page: Answers): void {
		this.answers = this.#merge(page);
		this.live = this.answers;
		this.errors = {};
		this.lang = lang;
	}

	/**
	 * One page submitted. Returns the complete, validated answers when the response is done (the
	 * caller queues them, then calls `finish`), otherwise null (next page, or errors to show).
	 */
	move(page: Answers, move: StepMove): Answers | null {
		const r = step(this.#q, this.index, this.answers, page, move);
		this.answers = r.answers;
		this.live = r.answers;
		this.errors = Object.fromEntries(Object.entries(r.errors).map(([k, m]) => [k, m[this.lang] ?? m.en]));
		this.index = r.index;
		return r.done ? r.answers : null;
	}

	/** Back to the start screen (after queueing, or when a respondent walks away). */
	finish(thanked: boolean): void {
		this.phase = 'start';
		this.answers = {};
		this.live = {};
		this.errors = {};
		this.uuid = '';
		this.thanked = thanked;
	}

	#merge(page: Answers): Answers {
		const out: Answers = { ...this.answers };
		for (const x of this.#q.sections[this.index]?.questions ?? []) delete out[x.key];
		return Object.assign(out, page);
	}
}

/**
 * The survey's life: draft → review → approved → live → closed, with explicit transitions. A
 * questionnaire is edited only in draft; approval freezes it as a numbered version.
 */
import { AppError } from '../errors';

export const SURVEY_STATUSES = ['draft', 'review', 'approved', 'live', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export const SURVEY_ACTIONS = ['submit', 'reject', 'approve', 'publish', 'revise', 'close', 'reopen'] as const;
export type SurveyAction = (typeof SURVEY_ACTIONS)[number];

const TRANSITIONS: Record<SurveyStatus, Partial<Record<SurveyAction, SurveyStatus>>> = {
	draft: { submit: 'review' },
	review: { approve: 'approved', reject: 'draft' },
	approved: { publish: 'live', revise: 'draft' },
	live: { close: 'closed' },
	closed: { reopen: 'live' }
};

/** What a person sees on the button for each action. */
export const ACTION_LABELS: Record<SurveyAction, string> = {
	submit: 'Submit for review',
	reject: 'Return to draft',
	approve: 'Approve',
	publish: 'Publish',
	revise: 'Start a new version',
	close: 'Close',
	reopen: 'Reopen'
};

/** The actions possible from `status`, in a stable order. */
export function availableActions(status: SurveyStatus): SurveyAction[] {
	return SURVEY_ACTIONS.filter((a) => TRANSITIONS[status][a] !== undefined);
}

/** The status after `action`; throws `survey.invalid_transition` when it is not allowed from `status`. */
export function transition(status: SurveyStatus, action: SurveyAction): SurveyStatus {
	const next = TRANSITIONS[status][action];
	if (!next) throw new AppError('survey.invalid_transition', `A ${status} survey cannot be ${pastTense(action)}.`);
	return next;
}

function pastTense(a: SurveyAction): string {
	return {
		submit: 'submitted',
		reject: 'returned',
		approve: 'approved',
		publish: 'published',
		revise: 'revised',
		close: 'closed',
		reopen: 'reopened'
	}[a];
}

/** Is the draft questionnaire editable in `status`? */
export function isEditable(status: SurveyStatus): boolean {
	return status === 'draft';
}

import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { SURVEY_ACTIONS, SURVEY_STATUSES, availableActions, isEditable, transition } from './status';

describe('survey status machine', () => {
	it('walks draft → review → approved → live → closed', () => {
		let s = transition('draft', 'submit');
		expect(s).toBe('review');
		s = transition(s, 'approve');
		expect(s).toBe('approved');
		s = transition(s, 'publish');
		expect(s).toBe('live');
		expect(transition(s, 'close')).toBe('closed');
		expect(transition('closed', 'reopen')).toBe('live');
		expect(transition('review', 'reject')).toBe('draft');
		expect(transition('approved', 'revise')).toBe('draft');
	});
	it('throws on every transition not in the table', () => {
		let refused = 0;
		for (const st of SURVEY_STATUSES)
			for (const a of SURVEY_ACTIONS) {
				if (availableActions(st).includes(a)) continue;
				try {
					transition(st, a);
				} catch (e) {
					expect(isAppError(e) && e.code).toBe('survey.invalid_transition');
					refused++;
				}
			}
		expect(refused).toBe(SURVEY_STATUSES.length * SURVEY_ACTIONS.length - 7);
	});
	it('lets only a draft be edited', () => {
		expect(SURVEY_STATUSES.filter(isEditable)).toEqual(['draft']);
	});
});

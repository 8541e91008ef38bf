import { describe, expect, it } from 'vitest';
import { advance, carryOver, nextPhase } from './phases';

describe('phases', () => {
	it('run planning → feedback → action → follow-up', () => {
		expect(nextPhase('planning')).toBe('feedback');
		expect(nextPhase('feedback')).toBe('action');
		expect(nextPhase('action')).toBe('followup');
		expect(nextPhase('followup')).toBeNull();
	});

	it('advance freely when nothing is open', () => {
		expect(advance({ phase: 'planning', status: 'active' }, [], false)).toEqual({ ok: true, to: 'feedback', leftOpen: [] });
	});

	it('ask for confirmation listing what is still open, then advance keeping the list', () => {
		const open = [{ id: 'a', text: 'Approve the questionnaire' }];
		expect(advance({ phase: 'planning', status: 'active' }, open, false)).toEqual({ ok: false, reason: 'confirm_open_items', open });
		expect(advance({ phase: 'planning', status: 'active' }, open, true)).toEqual({ ok: true, to: 'feedback', leftOpen: open });
	});

	it('refuse to move a closed cycle or past follow-up', () => {
		expect(advance({ phase: 'action', status: 'closed' }, [], true)).toMatchObject({ ok: false, reason: 'closed' });
		expect(advance({ phase: 'followup', status: 'active' }, [], true)).toMatchObject({ ok: false, reason: 'last_phase' });
	});
});

describe('carryOver', () => {
	it('takes focus areas once, open actions only, and the questionnaire', () => {
		const c = carryOver({
			focusAreaIds: ['f1', 'f2', 'f1'],
			actions: [
				{ id: 1, status: 'done' },
				{ id: 2, status: 'blocked' },
				{ id: 3, status: 'on_track' }
			],
			surveyId: 's1'
		});
		expect(c.focusAreaIds).toEqual(['f1', 'f2']);
		expect(c.openActions.map((a) => a.id)).toEqual([2, 3]);
		expect(c.questionnaireFromSurveyId).toBe('s1');
	});
});

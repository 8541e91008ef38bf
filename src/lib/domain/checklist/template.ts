/**
 * The "cycle" checklist template: the steps of one performance management cycle, in CivicLoop's
 * words, three or four per phase. Seeded once, on the server, when a checklist is created with
 * `template: 'cycle'` (see seedChecklist in ./doc).
 */
import { docName } from '../../sync/protocol';
import type { ChecklistItem, Phase } from './doc';

export const CHECKLIST_TEMPLATES = ['cycle'] as const;
export type ChecklistTemplate = (typeof CHECKLIST_TEMPLATES)[number];

export const CYCLE_STEPS: readonly { phase: Phase; text: string }[] = [
	{ phase: 'planning', text: 'Approve the survey questionnaire, including the add-on and follow-up questions' },
	{ phase: 'planning', text: "Review last cycle's experience-survey dashboard with department leads" },
	{ phase: 'planning', text: 'Set up listening projects for the topics residents raised last time' },
	{ phase: 'planning', text: 'Agree on the survey window and who signs off each phase' },
	{ phase: 'feedback', text: 'Launch the survey and watch the live response feed' },
	{ phase: 'feedback', text: 'Announce the survey on the website, social media and in the local press' },
	{ phase: 'feedback', text: 'Check responses by district halfway through and send reminders where they are low' },
	{ phase: 'action', text: 'Analyse the results against benchmarks, with the highest and lowest scores' },
	{ phase: 'action', text: 'Draft the action plan: an owner and a date for every priority' },
	{ phase: 'action', text: 'Open an engagement project to test the plan with residents' },
	{ phase: 'followup', text: 'Publish the summary report for residents' },
	{ phase: 'followup', text: 'Log progress on each action, with evidence' },
	{ phase: 'followup', text: 'Share what changed at the next council meeting and plan the next cycle' }
];

/** The steps of a template. */
export function templateSteps(template: ChecklistTemplate): readonly { phase: Phase; text: string }[] {
	switch (template) {
		case 'cycle':
			return CYCLE_STEPS;
	}
}

/**
 * The organization's own checklist template: an ordinary co-edited checklist document that new
 * cycles are seeded from (done, assignee and due dates are not carried). Until someone edits it,
 * new cycles use CYCLE_STEPS.
 */
export function templateDocName(organizationId: string): string {
	return docName('checklist', `template-${organizationId}`);
}

/** The steps a new cycle's checklist gets from the items of a template document. */
export function stepsFromTemplate(items: readonly Pick<ChecklistItem, 'phase' | 'text'>[]): { phase: Phase; text: string }[] {
	return items.map((i) => ({ phase: i.phase, text: i.text.trim() })).filter((s) => s.text.length > 0);
}

/** The cycle's checklist as a PDF (from the projection, brought up to date), or the blank template. */
import type { Actor } from '../../domain/auth/policies';
import { PHASES, PHASE_LABELS } from '../../domain/checklist/doc';
import { CYCLE_KIND_LABELS, type CycleKind } from '../../domain/cycles/phases';
import { userRepo } from '../accounts/repository';
import type { AppContext } from '../context';
import { liveDocs } from '../docs/live';
import { renderChecklistPdf } from './checklist-pdf';
import { cycleChecklistRepo } from './repository';
import { createCycleService } from './service';

export async function checklistPdf(
	ctx: AppContext,
	actor: Actor,
	cycleId: string,
	blank: boolean
): Promise<{ filename: string; pdf: Buffer }> {
	const cycles = createCycleService(ctx);
	const c = cycles.load(actor, cycleId);
	const subtitle = `${CYCLE_KIND_LABELS[c.kind as CycleKind] ?? c.kind} · ${c.periodStart} to ${c.periodEnd}`;
	let phases;
	if (blank) {
		const steps = cycles.templateSteps(actor);
		phases = PHASES.map((p) => ({
			label: PHASE_LABELS[p],
			items: steps.filter((s) => s.phase === p).map((s) => ({ text: s.text, done: false, assignee: null, due: null }))
		}));
	} else {
		liveDocs(ctx).refreshProjection(c.checklistDoc);
		const names = new Map(userRepo.list(ctx.database.db, c.organizationId).map((u) => [u.id, u.name]));
		const items = cycleChecklistRepo.items(ctx.database.db, c.organizationId, c.checklistDoc);
		phases = PHASES.map((p) => ({
			label: PHASE_LABELS[p],
			items: items
				.filter((i) => i.phase === p)
				.map((i) => ({
					text: i.text || 'Untitled item',
					done: i.done,
					assignee: i.assignee ? (names.get(i.assignee) ?? 'Former member') : null,
					due: i.due
				}))
		}));
	}
	const pdf = await renderChecklistPdf({
		title: blank ? `Cycle checklist (blank): ${c.name}` : `Cycle checklist: ${c.name}`,
		subtitle,
		phases,
		blank
	});
	const slug =
		c.name
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '') || 'cycle';
	return { filename: `${slug}-checklist${blank ? '-blank' : ''}.pdf`, pdf };
}

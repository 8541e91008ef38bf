import { describe, expect, it } from 'vitest';
import { can, type Action } from './policies';
import { ROLES } from './roles';

const org = 'org-a';
const actor = (role: (typeof ROLES)[number], extra: Partial<{ disabled: boolean }> = {}) => ({
	id: 'u1',
	organizationId: org,
	role,
	...extra
});

describe('can', () => {
	it('refuses everything to a missing or disabled actor', () => {
		expect(can(null, 'org.read')).toBe(false);
		expect(can(undefined, 'doc.read')).toBe(false);
		expect(can(actor('admin', { disabled: true }), 'org.read')).toBe(false);
	});

	it("refuses any action on another organization's subject, for every role", () => {
		const actions: Action[] = ['org.read', 'member.list', 'doc.read', 'doc.write', 'member.invite'];
		for (const role of ROLES)
			for (const action of actions) expect(can(actor(role), action, { organizationId: 'org-b' }), `${role} ${action}`).toBe(false);
	});

	it('lets only administrators manage members', () => {
		for (const role of ROLES) {
			expect(can(actor(role), 'member.invite', { organizationId: org })).toBe(role === 'admin');
			expect(can(actor(role), 'member.changeRole')).toBe(role === 'admin');
			expect(can(actor(role), 'member.disable')).toBe(role === 'admin');
		}
	});

	it('gives viewers read access but never write access to documents', () => {
		expect(can(actor('viewer'), 'doc.read', { organizationId: org })).toBe(true);
		expect(can(actor('viewer'), 'doc.write', { organizationId: org })).toBe(false);
		expect(can(actor('field'), 'doc.write', { organizationId: org })).toBe(true);
	});

	it('lets field staff tick checklist items but not start new checklists', () => {
		for (const role of ROLES)
			expect(can(actor(role), 'doc.create', { organizationId: org }), role).toBe(['admin', 'analyst', 'editor'].includes(role));
	});

	it('lets field staff log progress but not edit the plan structure', () => {
		expect(can(actor('field'), 'progress.log')).toBe(true);
		expect(can(actor('field'), 'plan.edit')).toBe(false);
		expect(can(actor('editor'), 'plan.edit')).toBe(true);
	});

	it('lets everyone but viewers collect responses in field mode, in their own organization only', () => {
		for (const role of ROLES) expect(can(actor(role), 'survey.collect', { organizationId: org }), role).toBe(role !== 'viewer');
		expect(can(actor('field'), 'survey.collect', { organizationId: 'org-b' })).toBe(false);
	});
});

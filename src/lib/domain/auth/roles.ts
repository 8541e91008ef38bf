export const ROLES = ['admin', 'analyst', 'editor', 'field', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	admin: 'Administrator',
	analyst: 'Performance analyst',
	editor: 'Department lead',
	field: 'Field staff',
	viewer: 'Viewer'
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
	admin: 'Everything, including members, roles and settings.',
	analyst: 'Plans cycles, designs and approves surveys, reads and publishes results.',
	editor: 'Owns goals and actions in plans; edits checklists.',
	field: 'Sees assigned actions and logs progress from the field.',
	viewer: 'Reads plans, checklists and results; cannot change them.'
};

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

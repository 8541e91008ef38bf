/**
 * Input schemas for accounts. Types are derived from them; every form and JSON body is parsed here
 * before a service does anything.
 */
import { z } from 'zod';
import { ROLES } from '../auth/roles';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export const email = z
	.string({ error: 'Enter an e-mail address.' })
	.trim()
	.toLowerCase()
	.min(1, 'Enter an e-mail address.')
	.max(254, 'That e-mail address is too long.')
	.pipe(z.email({ error: 'Enter a valid e-mail address, like name@agency.gov.' }));

export const password = z
	.string({ error: 'Enter a password.' })
	.min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
	.max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)
	.refine((p) => new Set(p).size >= 4, 'Use a less repetitive password.');

export const personName = z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.');

export const role = z.enum(ROLES, { error: 'Choose a role.' });

/** IANA time zone, checked against the runtime's own list. */
export const timeZone = z
	.string({ error: 'Choose a time zone.' })
	.trim()
	.refine((tz) => {
		try {
			new Intl.DateTimeFormat('en-US', { timeZone: tz });
			return tz.length > 0;
		} catch {
			return false;
		}
	}, 'Choose a time zone from the list, like America/New_York.');

export const setupInput = z.object({
	organizationName: z
		.string({ error: 'Enter the organization name.' })
		.trim()
		.min(2, 'Enter the organization name.')
		.max(120, 'Use at most 120 characters.'),
	timeZone,
	name: personName,
	email,
	password
});
export type SetupInput = z.infer<typeof setupInput>;

export const loginInput = z.object({
	email,
	password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(1024)
});
export type LoginInput = z.infer<typeof loginInput>;

export const inviteInput = z.object({ email, role });
export type InviteInput = z.infer<typeof inviteInput>;

export const acceptInvitationInput = z.object({ name: personName, password });
export type AcceptInvitationInput = z.infer<typeof acceptInvitationInput>;

export const changeRoleInput = z.object({ userId: z.string().min(1).max(64), role });

export const changePasswordInput = z.object({
	currentPassword: z.string().min(1, 'Enter your current password.').max(1024),
	newPassword: password
});

export const apiTokenInput = z.object({
	name: z.string().trim().min(1, 'Give the token a name.').max(80, 'Use at most 80 characters.')
});

import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { parse } from '../validation';
import { inviteInput, setupInput } from './schemas';

const good = {
	organizationName: 'Example City',
	timeZone: 'America/New_York',
	name: 'Ada Admin',
	email: '  Ada@Example.GOV ',
	password: 'correct horse'
};

describe('setupInput', () => {
	it('normalises the e-mail address', () => {
		expect(parse(setupInput, good).email).toBe('ada@example.gov');
	});

	it('names every bad field', () => {
		try {
			parse(setupInput, { ...good, timeZone: 'Mars/Olympus', password: 'short', email: 'nope' });
			expect.unreachable();
		} catch (e) {
			expect(isAppError(e)).toBe(true);
			if (!isAppError(e)) return;
			expect(e.code).toBe('validation.failed');
			expect(Object.keys(e.fields ?? {}).sort()).toEqual(['email', 'password', 'timeZone']);
			expect(e.fields?.password).toMatch(/at least 8/);
		}
	});

	it('accepts long passphrases up to 256 characters and refuses longer ones', () => {
		expect(() => parse(setupInput, { ...good, password: 'ab1-'.repeat(64) })).not.toThrow();
		expect(() => parse(setupInput, { ...good, password: 'ab1-'.repeat(64) + 'x' })).toThrow();
	});

	it('refuses a repetitive password', () => {
		expect(() => parse(setupInput, { ...good, password: 'aaaaaaaaaa' })).toThrow(/repetitive|Check/);
	});
});

describe('inviteInput', () => {
	it('refuses an unknown role', () => {
		expect(() => parse(inviteInput, { email: 'a@b.gov', role: 'owner' })).toThrow(/role/);
	});
});

import { describe, expect, it } from 'vitest';
import { readCookie } from './intake-fast';

describe('readCookie (as the cookie package SvelteKit uses)', () => {
	it('finds the named cookie among others, trimmed', () => {
		expect(readCookie('a=1; civicloop_session=abc ; b=2', 'civicloop_session')).toBe('abc');
	});
	it('takes the first of repeated names', () => {
		expect(readCookie('s=first; s=second', 's')).toBe('first');
	});
	it('strips quotes and decodes percent escapes, keeping a bad escape as sent', () => {
		expect(readCookie('s="q%20v"', 's')).toBe('q v');
		expect(readCookie('s=%E0%A4%A', 's')).toBe('%E0%A4%A');
	});
	it('is undefined without a header, without the name, or for a name that only ends like it', () => {
		expect(readCookie(undefined, 's')).toBeUndefined();
		expect(readCookie('x=1', 's')).toBeUndefined();
		expect(readCookie('xs=1; s', 's')).toBeUndefined();
	});
});

import { describe, expect, it } from 'vitest';
import { en } from './en';
import { es } from './es';
import { resolveLocale, translator } from './index';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
	it('have the same keys and the same placeholders in English and Spanish', () => {
		expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
		for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
	});

	it('has no empty Spanish text', () => {
		for (const [k, v] of Object.entries(es)) expect(v.trim(), k).not.toBe('');
	});
});

describe('translator', () => {
	it('fills placeholders', () => {
		expect(translator('es')('error.reference', { id: 'abc' })).toBe('Referencia: abc');
	});
});

describe('resolveLocale', () => {
	it('prefers the query, then the cookie, then Accept-Language', () => {
		expect(resolveLocale('es', 'en', 'en')).toBe('es');
		expect(resolveLocale(null, 'es', 'en-US')).toBe('es');
		expect(resolveLocale(null, undefined, 'fr-FR,es;q=0.8,en;q=0.5')).toBe('es');
		expect(resolveLocale('xx', 'yy', 'de')).toBe('en');
	});
});

/**
 * A small typed message layer: compiled catalogues, no runtime downloads. (Paraglide 2 was
 * considered; its project settings load message-format plugins from a CDN at compile time, which
 * a self-contained, offline build cannot do.)
 */
import { en, type MessageKey } from './en';
import { es } from './es';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
export const LOCALE_COOKIE = 'civicloop_lang';
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, es };

export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isLocale(v: unknown): v is Locale {
	return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** A translator for `locale`; `{name}` placeholders are filled from `params`. */
export function translator(locale: Locale): Translate {
	const cat = CATALOGUES[locale];
	return (key, params) => {
		const text = cat[key] ?? en[key];
		return params ? text.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : text;
	};
}

/**
 * The locale for a request: an explicit `?lang=`, then the cookie, then the best match of
 * Accept-Language, then English.
 */
export function resolveLocale(query: string | null, cookie: string | undefined, acceptLanguage: string | null): Locale {
	if (isLocale(query)) return query;
	if (isLocale(cookie)) return cookie;
	if (acceptLanguage) {
		const ranked = acceptLanguage
			.split(',')
			.map((part) => {
				const [tag = '', ...ps] = part.trim().split(';');
				const q = ps.find((p) => p.trim().startsWith('q='));
				return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) || 0 : 1 };
			})
			.sort((a, b) => b.q - a.q);
		for (const r of ranked) if (isLocale(r.lang)) return r.lang;
	}
	return DEFAULT_LOCALE;
}

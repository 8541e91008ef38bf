/**
 * Open-text answers grouped into themes by shared keywords: simple, deterministic, explainable.
 *
 * 1. Each answer is tokenized: lower-cased, accents kept for display but folded for matching
 *    (NFD, combining marks removed), split on anything that is not a letter or digit. Tokens
 *    shorter than 3 characters, numbers and English / Spanish stopwords are dropped. A token of
 *    more than 4 characters ending in "s" (not "ss") loses the "s" ("potholes" → "pothole",
 *    "calles" → "calle"), so singular and plural meet. Each term counts once per answer.
 * 2. Greedy grouping: the term found in the most not-yet-grouped answers (ties: alphabetical)
 *    becomes a theme holding all those answers; they leave the pool; repeat while the best term
 *    is found in at least `minCount` answers (default 2) and fewer than `maxThemes` (default 8)
 *    themes exist.
 * 3. Answers left over form "Other answers". A theme's label is its term plus the term most often
 *    found with it in the theme's answers (if in at least half of them), each shown as the word
 *    most often written for it there (ties alphabetical), e.g. "street, lights" or "buses".
 * 4. Examples: up to `examples` (default 3) distinct answers of the theme, shortest first, ties in
 *    input order. Blank answers are ignored. English and Spanish words are not translated, so an
 *    idea written in both languages makes two themes.
 */

export interface Theme {
	/** Main term, or null for "Other answers". */
	readonly term: string | null;
	readonly label: string;
	readonly count: number;
	readonly examples: string[];
}

export interface ThemeOptions {
	readonly maxThemes?: number;
	readonly minCount?: number;
	readonly examples?: number;
}

const EN = `a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here hers him his
how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own
same she should so some such than that the their them then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours get got please thank thanks really much
many lot lots like need needs want make made one two also still even`;

const ES = `a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante el ella ellas ellos en
entre era eran es esa esas ese eso esos esta estaba estado estan estar este esto estos fue fueron ha hay han hasta la las le
les lo los mas me mi mis mucho muy nada ni no nos nosotros nuestra nuestro nuestras nuestros o os otra otro otros para pero
poco por porque que quien se sea ser si sido sin sobre son su sus tambien tan tanto te tiene tienen todo todos tu tus un una
uno unos usted ustedes y ya yo favor gracias cuando hacer hace mas menos`;

/** Stopwords, folded (no accents). */
export const STOPWORDS: ReadonlySet<string> = new Set(`${EN} ${ES}`.split(/\s+/).filter(Boolean));

/** Lower-cased, accents removed (NFD, combining marks dropped): how words are matched. */
export const fold = (s: string) =>
	s
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase();

/** Each kept word of an answer: its matching term and the word as written (lower-cased). */
function tokens(text: string): { term: string; word: string }[] {
	const out: { term: string; word: string }[] = [];
	for (const word of text.toLowerCase().split(/[^\p{L}\p{N}\p{M}]+/u)) {
		const raw = fold(word);
		if (raw.length < 3 || /^\p{N}+$/u.test(raw) || STOPWORDS.has(raw)) continue;
		const term = raw.length > 4 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw;
		if (!STOPWORDS.has(term)) out.push({ term, word: word.normalize('NFC') });
	}
	return out;
}

/** The distinct terms of one answer, in order of appearance. */
export function terms(text: string): string[] {
	return [...new Set(tokens(text).map((t) => t.term))];
}

/** The word most often written for a term in these answers (ties: alphabetical). */
export function displayWord(term: string, texts: readonly string[]): string {
	const counts = new Map<string, number>();
	for (const t of texts) for (const k of tokens(t)) if (k.term === term) counts.set(k.word, (counts.get(k.word) ?? 0) + 1);
	return byCount(counts)?.[0] ?? term;
}

function byCount(counts: Map<string, number>): [string, number] | undefined {
	let best: [string, number] | undefined;
	for (const [t, c] of counts) if (!best || c > best[1] || (c === best[1] && t < best[0])) best = [t, c];
	return best;
}

function examplesOf(texts: readonly string[], k: number): string[] {
	const distinct = [...new Set(texts)];
	return distinct
		.map((t, i) => ({ t, i }))
		.sort((a, b) => a.t.length - b.t.length || a.i - b.i)
		.slice(0, k)
		.map((x) => x.t);
}

/** Group answers into themes (see the module comment for the rules). */
export function groupThemes(answers: readonly string[], opts: ThemeOptions = {}): Theme[] {
	const maxThemes = opts.maxThemes ?? 8;
	const minCount = opts.minCount ?? 2;
	const k = opts.examples ?? 3;
	let pool = answers
		.map((a) => a.trim())
		.filter(Boolean)
		.map((text) => ({ text, terms: terms(text) }));
	const themes: Theme[] = [];
	while (themes.length < maxThemes) {
		const counts = new Map<string, number>();
		for (const a of pool) for (const t of a.terms) counts.set(t, (counts.get(t) ?? 0) + 1);
		const best = byCount(counts);
		if (!best || best[1] < minCount) break;
		const [term] = best;
		const members = pool.filter((a) => a.terms.includes(term));
		pool = pool.filter((a) => !a.terms.includes(term));
		const co = new Map<string, number>();
		for (const a of members) for (const t of a.terms) if (t !== term) co.set(t, (co.get(t) ?? 0) + 1);
		const second = byCount(co);
		const texts = members.map((m) => m.text);
		const label =
			second && second[1] * 2 >= members.length
				? `${displayWord(term, texts)}, ${displayWord(second[0], texts)}`
				: displayWord(term, texts);
		themes.push({
			term,
			label,
			count: members.length,
			examples: examplesOf(
				members.map((m) => m.text),
				k
			)
		});
	}
	if (pool.length)
		themes.push({
			term: null,
			label: 'Other answers',
			count: pool.length,
			examples: examplesOf(
				pool.map((m) => m.text),
				k
			)
		});
	return themes;
}

/**
 * A simple sentiment marker for one open-text answer (English or Spanish): positive, negative or
 * neutral. Deliberately small and explainable; it is a hint for staff skimming the live feed, not
 * a measurement.
 *
 * Rules:
 * 1. The text is lower-cased and folded like the themes module (accents removed), "n't" becomes
 *    " not" ("isn't" → "is not"), and it is split into words on anything not a letter or digit.
 * 2. Each word found in the lexicon below scores +1 (positive) or −1 (negative). Words are matched
 *    whole, after folding, so "limpio" and "límpio" match but "cleaner" does not match "clean".
 * 3. Negation: a lexicon word is flipped when one of the up to 3 words before it is a negator
 *    ("not good" → −1, "no está limpio" → −1, "never safe" → −1, "not a problem" → +1). A negator
 *    applies only within its clause: ".", ",", ";", "!", "?", "but" and "pero" end its reach.
 * 4. The answer is positive when the sum is > 0, negative when < 0, neutral otherwise (including
 *    no lexicon word at all, and mixed answers that cancel out).
 */
import { fold } from '../results/themes';

export type Sentiment = 'positive' | 'negative' | 'neutral';

const POSITIVE_EN = `good great excellent amazing awesome love loved lovely nice clean safe safer helpful friendly
happy glad pleased improved improving better best fast quick easy beautiful wonderful fantastic perfect enjoy enjoyed
thanks thank appreciate appreciated responsive efficient reliable convenient welcoming quiet fine satisfied`;
const NEGATIVE_EN = `bad poor terrible awful horrible worse worst hate hated dirty unsafe dangerous danger broken slow
problem problems issue issues complaint rude crime noisy noise flooding flooded flood late litter trash garbage
pothole potholes disappointed disappointing unhappy angry frustrated frustrating useless expensive difficult hard scary
crowded ignored neglected lack lacking missing dark unreliable waste wasted fail failed failing`;
const POSITIVE_ES = `bueno buena buenos buenas bien excelente genial encanta encantan gusta gustan limpio limpia limpios
limpias seguro segura seguros seguras amable amables util utiles feliz contento contenta mejor mejores mejorado mejorada
rapido rapida facil bonito bonita hermoso hermosa maravilloso perfecto perfecta gracias agradezco agradable tranquilo
tranquila satisfecho satisfecha eficiente`;
const NEGATIVE_ES = `malo mala malos malas mal terrible horrible peor peores odio sucio sucia sucios sucias inseguro insegura
peligroso peligrosa peligro roto rota rotos rotas lento lenta problema problemas queja quejas grosero grosera crimen ruido
ruidoso ruidosa inundacion inundaciones inundado inundada basura bache baches decepcionado decepcionada enojado enojada
frustrado frustrada inutil caro dificil oscuro oscura abandonado abandonada falta faltan`;

/** Folded lexicon: word → +1 or −1. */
export const LEXICON: ReadonlyMap<string, 1 | -1> = new Map<string, 1 | -1>([
	...`${POSITIVE_EN} ${POSITIVE_ES}`
		.split(/\s+/)
		.filter(Boolean)
		.map((w) => [fold(w), 1] as [string, 1]),
	...`${NEGATIVE_EN} ${NEGATIVE_ES}`
		.split(/\s+/)
		.filter(Boolean)
		.map((w) => [fold(w), -1] as [string, -1])
]);

/** Words that flip the sentiment of a lexicon word up to 3 words after them (same clause). */
export const NEGATORS: ReadonlySet<string> = new Set([
	'not',
	'no',
	'never',
	'nor',
	'without',
	'hardly',
	'nunca',
	'ni',
	'sin',
	'tampoco',
	'jamas'
]);
const CLAUSE_END = new Set(['but', 'pero', 'however', 'aunque', 'sino']);
const NEGATION_REACH = 3;

/** The score of an answer: the sum of its lexicon words, negated ones flipped. */
export function sentimentScore(text: string): number {
	let score = 0;
	const clauses = fold(text.replace(/n['’]t\b/gi, ' not')).split(/[.,;:!?¡¿\n]+/);
	for (const clause of clauses) {
		let sinceNegator = Infinity;
		for (const word of clause.split(/[^\p{L}\p{N}]+/u)) {
			if (!word) continue;
			if (CLAUSE_END.has(word)) {
				sinceNegator = Infinity;
				continue;
			}
			sinceNegator++;
			if (NEGATORS.has(word)) {
				sinceNegator = 0;
				continue;
			}
			const value = LEXICON.get(word);
			if (value !== undefined) score += sinceNegator <= NEGATION_REACH ? -value : value;
		}
	}
	return score;
}

/** Positive, negative or neutral (see the module comment for the rules). */
export function sentiment(text: string): Sentiment {
	const s = sentimentScore(text);
	return s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
}

import { describe, expect, it } from 'vitest';
import { LEXICON, NEGATORS, sentiment, sentimentScore } from './sentiment';

describe('sentiment', () => {
	it('marks plain positive and negative answers in English and Spanish', () => {
		expect(sentiment('The park is clean and safe, great job')).toBe('positive');
		expect(sentiment('Streets are dirty and the buses are slow')).toBe('negative');
		expect(sentiment('El parque está muy limpio')).toBe('positive');
		expect(sentiment('La calle está sucia y peligrosa')).toBe('negative');
		expect(sentiment('Inundación en la calle Mayor')).toBe('negative');
	});

	it('is neutral without lexicon words, and when positive and negative cancel out', () => {
		expect(sentiment('More benches on Main Street')).toBe('neutral');
		expect(sentiment('Más bancos en la plaza')).toBe('neutral');
		expect(sentiment('')).toBe('neutral');
		expect(sentiment('Good library, bad parking')).toBe('neutral');
	});

	it('flips a word after a negator: "not good", "no está limpio", "isn\'t safe", "not a problem"', () => {
		expect(sentiment('The service is not good')).toBe('negative');
		expect(sentimentScore('not good')).toBe(-1);
		expect(sentiment('El parque no está limpio')).toBe('negative');
		expect(sentiment("The crossing isn't safe at night")).toBe('negative');
		expect(sentiment('Parking was not a problem')).toBe('positive');
		expect(sentiment('Nunca es seguro caminar de noche')).toBe('negative');
		expect(sentiment('No es malo')).toBe('positive');
	});

	it('limits a negator to 3 words and to its clause', () => {
		// "not" is 4 words before "clean": out of reach.
		expect(sentimentScore('not that I mind, clean')).toBe(1);
		expect(sentimentScore('not at all really clean')).toBe(1);
		expect(sentimentScore('not at all clean')).toBe(-1);
		// The clause ends at "but" / "pero": "good" is not negated.
		expect(sentimentScore('not cheap but good')).toBe(1);
		expect(sentimentScore('no es caro pero bueno')).toBe(2);
		expect(sentimentScore('no. bueno')).toBe(1);
	});

	it('matches folded whole words only', () => {
		expect(sentimentScore('LÍMPIO')).toBe(1);
		expect(sentimentScore('cleaner')).toBe(0);
		expect(sentimentScore('goodness')).toBe(0);
	});

	it('has a lexicon of unambiguous signs and no negator inside it', () => {
		for (const n of NEGATORS) expect(LEXICON.has(n)).toBe(false);
		expect(LEXICON.get('inundacion')).toBe(-1);
		expect(LEXICON.get('limpio')).toBe(1);
	});
});

import { describe, expect, it } from 'vitest';
import { groupThemes, STOPWORDS, terms } from './themes';

describe('terms', () => {
	it('drops EN/ES stopwords, short tokens and numbers, folds accents and a plural -s', () => {
		expect(terms('Fix the potholes on our street, 2 times!')).toEqual(['fix', 'pothole', 'street', 'time']);
		expect(terms('Más alumbrado cerca del parque')).toEqual(['alumbrado', 'cerca', 'parque']);
		expect(terms('Arreglar los baches de nuestra calle')).toEqual(['arreglar', 'bache', 'calle']);
		// "class" keeps its double s; each term once per answer.
		expect(terms('class class classes')).toEqual(['class', 'classe']);
		expect(STOPWORDS.has('para') && STOPWORDS.has('the')).toBe(true);
	});
});

describe('groupThemes', () => {
	it('groups greedily by the most frequent term, labels with a frequent companion and keeps the rest as Other', () => {
		const answers = [
			'Fix the potholes on Main street', // pothole, street
			'Potholes everywhere', // pothole
			'More street lights please', // street, light
			'Street lights near the park', // street, light
			'Street lighting is poor', // street
			'Arreglar los baches', // bache (alone)
			'   ',
			'Baches en la calle' // bache
		];
		// Counts: street 4, pothole 2, light 2, bache 2. "street" takes answers 1, 3, 4, 5;
		// companion "light" is in 2 of 4 (half) → label "street, lights" (words as written). Then bache 2 vs pothole 1 → "bache"
		// (answers 6 and 8), companions "arreglar" and "calle" 1 of 2 each (half; alphabetical) → "baches, arreglar";
		// "pothole" is left with 1 < minCount → answer 2 is Other.
		const t = groupThemes(answers);
		expect(t.map((x) => [x.label, x.count])).toEqual([
			['street, lights', 4],
			['baches, arreglar', 2],
			['Other answers', 1]
		]);
		expect(t[0]!.examples).toEqual(['Street lighting is poor', 'More street lights please', 'Street lights near the park']);
		expect(t[2]).toEqual({ term: null, label: 'Other answers', count: 1, examples: ['Potholes everywhere'] });
	});

	it('is deterministic: ties go alphabetically and input order does not change the themes', () => {
		const a = ['trash late', 'trash missed', 'noise late', 'noise night'];
		// late 2, noise 2, trash 2: "late" first (alphabetical), takes answers 1 and 3; then noise 1, trash 1 → Other.
		const t = groupThemes(a);
		expect(t.map((x) => [x.term, x.count])).toEqual([
			['late', 2],
			[null, 2]
		]);
		expect(groupThemes([...a].reverse()).map((x) => [x.term, x.count])).toEqual([
			['late', 2],
			[null, 2]
		]);
	});

	it('returns nothing for no answers and honours maxThemes and examples', () => {
		expect(groupThemes([])).toEqual([]);
		const a = ['aaa bbb', 'aaa bbb', 'ccc ddd', 'ccc ddd', 'eee', 'eee'];
		const t = groupThemes(a, { maxThemes: 1, examples: 1 });
		expect(t.map((x) => [x.label, x.count, x.examples])).toEqual([
			['aaa, bbb', 2, ['aaa bbb']],
			['Other answers', 4, ['eee']]
		]);
	});
});

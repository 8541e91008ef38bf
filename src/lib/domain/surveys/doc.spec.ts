import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isSeeded, readDraft, sameJson, writeDraft } from './doc';
import { addQuestion, moveQuestion, removeQuestion, updateMeta, updateQuestion } from './edit';
import { starterQuestionnaire } from './library';
import { allQuestions, questionnaire } from './questionnaire';

const base = questionnaire.parse(starterQuestionnaire('community', { en: 'Survey', es: 'Encuesta' }, []));

function seeded(): Y.Doc {
	const doc = new Y.Doc();
	writeDraft(doc, base);
	return doc;
}

/** A second replica of `doc`. */
function replica(doc: Y.Doc): Y.Doc {
	const other = new Y.Doc();
	Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
	return other;
}

function exchange(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const short = (key: string, en: string) => ({ key, type: 'short_text' as const, text: { en, es: en }, required: false });

describe('questionnaire document', () => {
	it('reads back exactly what was written', () => {
		const doc = seeded();
		expect(isSeeded(doc)).toBe(true);
		expect(isSeeded(new Y.Doc())).toBe(false);
		expect(questionnaire.parse(readDraft(doc))).toEqual(base);
		const withIntro = updateMeta(base, { title: base.title, intro: { en: 'Hello', es: 'Hola' } });
		writeDraft(doc, withIntro);
		expect(readDraft(doc).intro).toEqual({ en: 'Hello', es: 'Hola' });
	});

	it('writes nothing when nothing changed', () => {
		const doc = seeded();
		let updates = 0;
		doc.on('update', () => updates++);
		writeDraft(doc, readDraft(doc));
		expect(updates).toBe(0);
	});

	it('merges concurrent edits of different questions and additions from two replicas', () => {
		const a = seeded();
		const b = replica(a);
		const [first, second] = allQuestions(base);
		writeDraft(a, updateQuestion(readDraft(a), first!.key, { ...first!, text: { en: 'Edited by A', es: 'Editada por A' } }));
		writeDraft(b, updateQuestion(readDraft(b), second!.key, { ...second!, required: !second!.required }));
		writeDraft(a, addQuestion(readDraft(a), 'services', short('from_a', 'A?')));
		writeDraft(b, addQuestion(readDraft(b), 'services', short('from_b', 'B?')));
		exchange(a, b);
		const qa = readDraft(a);
		expect(sameJson(qa, readDraft(b))).toBe(true);
		const byKey = new Map(allQuestions(qa).map((q) => [q.key, q]));
		expect(byKey.get(first!.key)!.text.en).toBe('Edited by A');
		expect(byKey.get(second!.key)!.required).toBe(!second!.required);
		expect(byKey.has('from_a') && byKey.has('from_b')).toBe(true);
		expect(() => questionnaire.parse(qa)).not.toThrow();
	});

	it('counts a key moved concurrently by two people once', () => {
		const a = seeded();
		const b = replica(a);
		const key = allQuestions(base)[1]!.key;
		writeDraft(a, moveQuestion(readDraft(a), key, -1));
		writeDraft(b, moveQuestion(readDraft(b), key, 1));
		exchange(a, b);
		const keys = allQuestions(readDraft(a)).map((q) => q.key);
		expect(keys.filter((k) => k === key)).toHaveLength(1);
		expect(keys).toHaveLength(allQuestions(base).length);
		expect(sameJson(readDraft(a), readDraft(b))).toBe(true);
	});

	it('removes a question and its fields, and renames keep the question once', () => {
		const doc = seeded();
		const target = allQuestions(base).find((q) => !allQuestions(base).some((x) => x.showIf?.key === q.key))!;
		writeDraft(doc, removeQuestion(readDraft(doc), target.key));
		expect(allQuestions(readDraft(doc)).some((q) => q.key === target.key)).toBe(false);
		expect(doc.getMap('questions').has(target.key)).toBe(false);
		const other = allQuestions(readDraft(doc))[0]!;
		writeDraft(doc, updateQuestion(readDraft(doc), other.key, { ...other, key: 'renamed' }));
		const keys = allQuestions(readDraft(doc)).map((q) => q.key);
		expect(keys[0]).toBe('renamed');
		expect(keys).not.toContain(other.key);
	});
});

import { describe, expect, it } from 'vitest';
import type { Questionnaire } from '../../domain/surveys/questionnaire';
import { measureKeys } from './experience';

const L = (en: string) => ({ en, es: en });
const scale = [1, 2, 3, 4, 5].map((i) => L(String(i)));
const q = (questions: unknown[]) =>
	({ schemaVersion: 1, title: L('t'), sections: [{ id: 's', kind: 'core', title: L('s'), questions }] }) as unknown as Questionnaire;

describe('measureKeys', () => {
	it("uses the library's keys when present", () => {
		const keys = measureKeys(
			q([
				{ key: 'other', type: 'rating5', text: L('x'), labels: scale },
				{ key: 'effort', type: 'rating5', text: L('x'), labels: scale },
				{ key: 'csat', type: 'rating5', text: L('x'), labels: scale },
				{ key: 'rec', type: 'nps', text: L('x'), lowLabel: L('a'), highLabel: L('b') },
				{ key: 'nps', type: 'nps', text: L('x'), lowLabel: L('a'), highLabel: L('b') }
			])
		);
		expect(keys).toEqual({ satisfaction: 'csat', effort: 'effort', nps: 'nps' });
	});

	it('falls back to the first rating other than effort and the first 0–10 question; null when missing', () => {
		expect(
			measureKeys(
				q([
					{ key: 'effort', type: 'rating5', text: L('x'), labels: scale },
					{ key: 'happy', type: 'rating5', text: L('x'), labels: scale },
					{ key: 'rec', type: 'nps', text: L('x'), lowLabel: L('a'), highLabel: L('b') }
				])
			)
		).toEqual({ satisfaction: 'happy', effort: 'effort', nps: 'rec' });
		expect(measureKeys(q([{ key: 'c', type: 'short_text', text: L('x') }]))).toEqual({ satisfaction: null, effort: null, nps: null });
	});
});

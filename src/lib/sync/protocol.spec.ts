import { describe, expect, it } from 'vitest';
import { docName, parseDocName } from './protocol';

describe('parseDocName', () => {
	it('accepts the known kinds with a safe id', () => {
		expect(parseDocName('checklist:abc-123')).toEqual({ kind: 'checklist', id: 'abc-123' });
		expect(parseDocName(docName('actionplan', 'p1'))).toEqual({ kind: 'actionplan', id: 'p1' });
	});

	it('refuses unknown kinds, empty or unsafe ids', () => {
		for (const bad of ['', 'checklist', 'checklist:', 'plan:1', 'checklist:../x', 'checklist:a b', `checklist:${'a'.repeat(65)}`])
			expect(parseDocName(bad), bad).toBeNull();
	});
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { shiftPosition, textSplice } from './text-diff';

function apply(s: string, sp: { index: number; remove: number; insert: string }) {
	return s.slice(0, sp.index) + sp.insert + s.slice(sp.index + sp.remove);
}

describe('textSplice', () => {
	it('finds an insert, a delete and a replacement', () => {
		expect(textSplice('hello', 'help lo', 5)).toEqual({ index: 3, remove: 0, insert: 'p ' });
		expect(textSplice('hello', 'heo', 2)).toEqual({ index: 2, remove: 2, insert: '' });
		expect(textSplice('cat', 'cut', 2)).toEqual({ index: 1, remove: 1, insert: 'u' });
	});

	it('inserts at the cursor among repeated letters', () => {
		expect(textSplice('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
		expect(textSplice('aa', 'aaa', 3)).toEqual({ index: 2, remove: 0, insert: 'a' });
	});

	it('always reproduces the target', () => {
		const pairs: [string, string][] = [
			['', 'abc'],
			['abc', ''],
			['abcabc', 'abXabc'],
			['same', 'same'],
			['ab', 'ba']
		];
		for (const [a, b] of pairs) expect(apply(a, textSplice(a, b))).toBe(b);
	});
});

describe('shiftPosition', () => {
	it('moves the caret for remote inserts and deletes before it, not after', () => {
		const t = new Y.Doc().getText();
		t.insert(0, 'hello world');
		let delta: { retain?: number; insert?: unknown; delete?: number }[] = [];
		t.observe((e) => (delta = e.delta as typeof delta));
		t.insert(0, '>> ');
		expect(shiftPosition(5, delta)).toBe(8);
		t.delete(0, 3);
		expect(shiftPosition(8, delta)).toBe(5);
		t.insert(9, '!');
		expect(shiftPosition(5, delta)).toBe(5);
	});
});

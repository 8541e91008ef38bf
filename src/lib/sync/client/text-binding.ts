/**
 * `use:yText={text}` binds an <input> or a one-paragraph <textarea> to a Y.Text: typing becomes a
 * minimal splice (so two people typing in one item merge character by character), and remote
 * edits update the field while keeping the caret where the person was typing. Line breaks
 * (pasted, or Enter) become spaces: item texts are one paragraph.
 */
import type { Action } from 'svelte/action';
import type * as Y from 'yjs';
import { shiftPosition, textSplice } from './text-diff';

export const yText: Action<HTMLInputElement | HTMLTextAreaElement, Y.Text | null> = (node, initial) => {
	let text = initial ?? null;
	const origin = { binding: node };

	const render = (event?: Y.YTextEvent, tr?: Y.Transaction) => {
		if (!text || tr?.origin === origin) return;
		const value = text.toString();
		if (node.value === value) return;
		const focused = document.activeElement === node;
		let start = node.selectionStart ?? value.length;
		let end = node.selectionEnd ?? start;
		if (event) {
			start = shiftPosition(start, event.delta as Parameters<typeof shiftPosition>[1]);
			end = shiftPosition(end, event.delta as Parameters<typeof shiftPosition>[1]);
		}
		node.value = value;
		if (focused) node.setSelectionRange(Math.min(start, value.length), Math.min(end, value.length));
	};

	const onInput = () => {
		if (!text?.doc) return;
		const t = text;
		if (/[\r\n]/.test(node.value)) {
			const at = node.selectionStart ?? node.value.length;
			node.value = node.value.replace(/\r?\n|\r/g, ' ');
			node.setSelectionRange(at, at);
		}
		const sp = textSplice(t.toString(), node.value, node.selectionStart ?? node.value.length);
		if (!sp.remove && !sp.insert) return;
		t.doc!.transact(() => {
			if (sp.remove) t.delete(sp.index, sp.remove);
			if (sp.insert) t.insert(sp.index, sp.insert);
		}, origin);
	};

	const bind = (t: Y.Text | null) => {
		text = t;
		text?.observe(render);
		render();
	};

	const onKey = (e: Event) => {
		if ((e as KeyboardEvent).key === 'Enter') e.preventDefault();
	};
	node.addEventListener('input', onInput);
	node.addEventListener('keydown', onKey);
	bind(text);
	return {
		update: (t) => {
			if (t === text) return;
			text?.unobserve(render);
			bind(t ?? null);
		},
		destroy: () => {
			node.removeEventListener('input', onInput);
			node.removeEventListener('keydown', onKey);
			text?.unobserve(render);
		}
	};
};

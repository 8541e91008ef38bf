/** The smallest single splice turning `before` into `after` (for typing into a Y.Text). Pure. */
export interface Splice {
	index: number;
	remove: number;
	insert: string;
}

export function textSplice(before: string, after: string, cursor = after.length): Splice {
	// Common prefix, but not past the cursor: typing "a" after "a" in "aa" inserts at the cursor.
	const maxPrefix = Math.min(before.length, after.length, Math.max(0, cursor - (after.length - before.length)));
	let start = 0;
	while (start < maxPrefix && before[start] === after[start]) start++;
	let endB = before.length;
	let endA = after.length;
	while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
		endB--;
		endA--;
	}
	return { index: start, remove: endB - start, insert: after.slice(start, endA) };
}

/** Moves a caret position through a Yjs text delta (retain / insert / delete). */
export function shiftPosition(pos: number, delta: { retain?: number; insert?: unknown; delete?: number }[]): number {
	let index = 0;
	let out = pos;
	for (const op of delta) {
		if (index >= pos) break;
		if (op.retain) index += op.retain;
		else if (typeof op.insert === 'string') {
			out += op.insert.length;
			index += op.insert.length;
		} else if (op.delete) {
			out -= Math.min(op.delete, pos - index);
		}
	}
	return Math.max(0, out);
}

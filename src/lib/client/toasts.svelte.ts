/** Short confirmations ("Invitation sent") shown in a polite live region; an optional undo. */
export interface Toast {
	id: number;
	text: string;
	kind: 'success' | 'error' | 'info';
	undo?: () => void;
}

class Toasts {
	items = $state<Toast[]>([]);
	#next = 1;

	push(text: string, kind: Toast['kind'] = 'success', undo?: () => void): number {
		const id = this.#next++;
		this.items.push({ id, text, kind, undo });
		setTimeout(() => this.dismiss(id), undo ? 10_000 : 5_000);
		return id;
	}

	dismiss(id: number): void {
		this.items = this.items.filter((t) => t.id !== id);
	}
}

export const toasts = new Toasts();

/**
 * Puts back what was typed or picked in a form before the app took over the page
 * (`static/keep-typed.js` noted it; hydration had set each field back to the value the server
 * rendered). Each restored field then fires `input` and `change`, so state bound to it follows.
 * Runs once, when the root layout mounts after a full page load.
 */
type Typed = { field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement; value: string; checked?: boolean };

export function restoreTyped(): void {
	const take = (window as { __civicloopTyped?: () => Typed[] }).__civicloopTyped;
	if (!take) return;
	for (const { field, value, checked } of take()) {
		if (!field.isConnected) continue; // hydration replaced it: nothing to put back into
		if (field instanceof HTMLInputElement && field.type === 'file') continue; // keeps its files; its value cannot be set
		const box = field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio');
		if (box ? field.checked === checked : field.value === value) continue;
		if (box) field.checked = checked!;
		else field.value = value;
		field.dispatchEvent(new Event('input', { bubbles: true }));
		field.dispatchEvent(new Event('change', { bubbles: true }));
	}
}

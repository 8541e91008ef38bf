// CivicLoop staff pages: keeps what someone types or picks in a form while the page is still
// loading its code (a slow phone). Hydration sets every field back to the value the server
// rendered, so a correction made right after a form came back with an error would be lost
// without a word. This runs before the page is drawn and notes each field's latest value; once
// the app has taken over, src/lib/client/keep-typed.ts puts them back.
(function () {
	'use strict';
	var typed = new Map(); // field → its latest value
	function note(e) {
		var field = e.target;
		if (!field || field.form === undefined) return; // not a form field
		typed.set(field, { field: field, value: field.value, checked: field.checked });
	}
	document.addEventListener('input', note, true);
	document.addEventListener('change', note, true);
	window.__civicloopTyped = function () {
		document.removeEventListener('input', note, true);
		document.removeEventListener('change', note, true);
		delete window.__civicloopTyped;
		return Array.from(typed.values());
	};
})();

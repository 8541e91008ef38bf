// CivicLoop resident survey: progressive enhancement only (the page works without it).
// Keeps partial answers on this device (localStorage) and shows or hides follow-up questions
// as answers change. Mirrors `matches` in src/lib/domain/surveys/answers.ts.
(function () {
	'use strict';
	var store = window.localStorage;
	var done = document.querySelector('[data-survey-done]');
	if (done) {
		try {
			store.removeItem(done.getAttribute('data-survey-done'));
		} catch {
			/* storage unavailable */
		}
		return;
	}
	var root = document.querySelector('[data-survey-storage]');
	if (!root) return;
	var form = root.querySelector('form');
	var key = root.getAttribute('data-survey-storage');
	var carryField = form.querySelector('input[name="carry"]');
	var uuidField = form.querySelector('input[name="uuid"]');

	function readSaved() {
		try {
			return JSON.parse(store.getItem(key) || 'null');
		} catch {
			return null;
		}
	}
	function carry() {
		try {
			return JSON.parse(carryField.value || '{}');
		} catch {
			return {};
		}
	}
	function fieldValues(name) {
		var out = [];
		var els = form.elements.namedItem(name);
		if (!els) return out;
		var list = els.length !== undefined && !els.tagName ? els : [els];
		for (var i = 0; i < list.length; i++) {
			var el = list[i];
			if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) continue;
			if (el.value !== '') out.push(el.value);
		}
		return out;
	}
	function answer(k) {
		var vals = fieldValues('q.' + k);
		if (vals.length) return vals;
		var c = carry()[k];
		if (c === undefined || c === null) return [];
		return Array.isArray(c) ? c.map(String) : [String(c)];
	}
	function matches(cond, vals) {
		if (!vals.length) return false;
		var wanted = Array.isArray(cond.value) ? cond.value.map(String) : [String(cond.value)];
		var any = function (list) {
			return vals.some(function (v) {
				return list.indexOf(v) >= 0;
			});
		};
		if (cond.op === 'eq') return any([wanted[0]]);
		if (cond.op === 'neq') return !any([wanted[0]]);
		if (cond.op === 'in') return any(wanted);
		var n = Number(vals[0]);
		var limit = Number(wanted[0]);
		if (vals[0] === '' || isNaN(n) || isNaN(limit)) return false;
		return cond.op === 'lte' ? n <= limit : n >= limit;
	}
	function toggle() {
		var qs = root.querySelectorAll('[data-show-if]');
		for (var i = 0; i < qs.length; i++) {
			var el = qs[i];
			var cond = JSON.parse(el.getAttribute('data-show-if'));
			var trigger = root.querySelector('[data-key="' + cond.key + '"]');
			var show = (!trigger || !trigger.hidden) && matches(cond, answer(cond.key));
			el.hidden = !show;
			var inputs = el.querySelectorAll('input, textarea, select');
			for (var j = 0; j < inputs.length; j++) inputs[j].disabled = !show;
		}
	}
	function save() {
		var saved = readSaved() || {};
		var values = saved.values || {};
		var c = carry();
		Object.keys(c).forEach(function (k) {
			values['q.' + k] = Array.isArray(c[k]) ? c[k].map(String) : [String(c[k])];
		});
		var names = {};
		for (var i = 0; i < form.elements.length; i++) {
			var n = form.elements[i].name;
			if (n && n.indexOf('q.') === 0) names[n] = true;
		}
		Object.keys(names).forEach(function (n) {
			values[n] = fieldValues(n);
		});
		try {
			store.setItem(key, JSON.stringify({ uuid: uuidField.value, values: values, at: Date.now() }));
		} catch {
			/* full or disabled: the form still works */
		}
	}
	function restore() {
		var saved = readSaved();
		if (!saved || !saved.values || root.querySelector('#error-summary')) return;
		// A fresh start of the same response keeps its id, so a re-send is recognised as the same.
		if (saved.uuid && carryField.value === '{}') uuidField.value = saved.uuid;
		Object.keys(saved.values).forEach(function (n) {
			if (fieldValues(n).length) return; // the server's value wins
			var vals = saved.values[n];
			var els = form.querySelectorAll('[name="' + n.replace(/"/g, '') + '"]');
			for (var i = 0; i < els.length; i++) {
				var el = els[i];
				if (el.type === 'radio' || el.type === 'checkbox') el.checked = vals.indexOf(el.value) >= 0;
				else el.value = vals[0] || '';
			}
		});
	}

	restore();
	toggle();
	form.addEventListener('input', function () {
		toggle();
		save();
	});
	form.addEventListener('change', function () {
		toggle();
		save();
	});
	var note = root.querySelector('[data-saved-note]');
	if (note) note.hidden = false;
})();

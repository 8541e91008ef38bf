/**
 * With JavaScript, uploads the form with XMLHttpRequest to show progress, then follows the
 * redirect the action answers with; without it, the form posts normally.
 */
export function uploadWithProgress(e: SubmitEvent, onProgress: (pct: number) => void): void {
	const form = e.currentTarget as HTMLFormElement;
	e.preventDefault();
	const xhr = new XMLHttpRequest();
	xhr.open('POST', form.action);
	xhr.setRequestHeader('accept', 'text/html');
	xhr.upload.onprogress = (p) => {
		if (p.lengthComputable) onProgress(Math.round((p.loaded / p.total) * 100));
	};
	xhr.onload = () => {
		// The action redirects to the mapping step; a failed upload shows its message on reload.
		window.location.href = xhr.responseURL || form.action;
	};
	xhr.onerror = () => form.submit();
	onProgress(0);
	xhr.send(new FormData(form));
}

import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A form's submission state for `use:enhance`: `busy` while the request runs (the button shows it
 * and refuses a second click), and what was typed is kept when the server answers with an error.
 */
export class Submitting {
	busy = $state(false);

	enhance: SubmitFunction = () => {
		this.busy = true;
		return async ({ update }) => {
			await update({ reset: false });
			this.busy = false;
		};
	};
}

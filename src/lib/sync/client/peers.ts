/** Presence: who else has the document open, and what each is editing. Pure. */
export interface Peer {
	clientId: number;
	userId: string;
	name: string;
	color: string;
	/** the item this person is editing, if any */
	editing: string | null;
}

interface AwarenessState {
	user?: { id?: unknown; name?: unknown; color?: unknown };
	editing?: unknown;
}

// Only plain colour values reach a style attribute.
const COLOR = /^(#[0-9a-f]{3,8}|(rgb|hsl)a?\([\d\s.,%]+\))$/i;

/** People present other than `selfUserId`, one entry per person (several tabs merge). */
export function peersFrom(states: Map<number, unknown>, selfClientId: number, selfUserId: string): Peer[] {
	const byUser = new Map<string, Peer>();
	for (const [clientId, raw] of states) {
		const s = raw as AwarenessState;
		if (clientId === selfClientId || !s?.user || typeof s.user.id !== 'string' || s.user.id === selfUserId) continue;
		const editing = typeof s.editing === 'string' ? s.editing : null;
		const prev = byUser.get(s.user.id);
		if (prev && (prev.editing || !editing)) continue;
		byUser.set(s.user.id, {
			clientId,
			userId: s.user.id,
			name: typeof s.user.name === 'string' && s.user.name ? s.user.name : 'Someone',
			color: typeof s.user.color === 'string' && COLOR.test(s.user.color) ? s.user.color : '#4d5a69',
			editing
		});
	}
	return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
}

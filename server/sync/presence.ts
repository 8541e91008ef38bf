/**
 * Awareness (presence) of one document, kept by the server without y-protocols' Awareness class:
 * a map of client id → latest state JSON. Clients assert their own state, so the server
 * - overwrites `user` with the identity from the session (nobody can appear as someone else),
 * - lets a connection speak only for client ids it owns (first claim wins; the same user may
 *   take over an id when reconnecting), at most `maxIdsPerPeer` of them,
 * - drops states over `maxStateBytes`, and accepts `ratePerSecond` updates per connection,
 *   after a burst of a quarter of that, keeping the latest excess state and applying it at the
 *   next flush (coalescing, not loss),
 * - broadcasts changes in batches: one combined frame per peer per flush.
 */
import { encodeAwareness, isNullState, writeAwareness, type AwarenessEntry } from './messages';

export interface Identity {
	id: string;
	name: string;
	color: string;
}

export interface PresenceLimits {
	maxStateBytes: number;
	ratePerSecond: number;
	maxIdsPerPeer: number;
}

export const DEFAULT_PRESENCE_LIMITS: PresenceLimits = { maxStateBytes: 8 * 1024, ratePerSecond: 20, maxIdsPerPeer: 4 };

/** Updates a connection may send at once before the per-second rate applies. */
export const burstOf = (limits: PresenceLimits) => Math.max(1, Math.ceil(limits.ratePerSecond / 4));

/**
 * When to flush presence changes of a document with `connections` people on it. A change starts
 * a wait of `quiet` ms, and each further change restarts it (a crowd joining at once is flushed
 * once it pauses), but never past `cap` ms after the first unflushed change. One flush costs one
 * frame per connection, and a stock provider answers every frame it receives with one of its own,
 * so for a crowd this bounds presence traffic near 2 × connections × 1000 / cap frames a second;
 * for a few people both waits are a few milliseconds.
 */
export function presenceTiming(connections: number): { quiet: number; cap: number } {
	return { quiet: Math.min(50, connections), cap: Math.min(500, 2 * connections) };
}

/**
 * Given the first unflushed change at `since` and a new change at `now`: the delay of a (re)started
 * timer, or null to keep the running timer (restarting it would pass the cap). `since` is null when
 * no flush is pending.
 */
export function nextPresenceFlush(timing: { quiet: number; cap: number }, since: number | null, now: number): number | null {
	if (since === null) return timing.quiet;
	const left = since + timing.cap - now;
	return timing.quiet <= left ? timing.quiet : null;
}

/** What presence needs to know about a connection. */
export interface PresencePeer {
	userId: string;
	identity: Identity;
	ownedIds: Set<number>;
	tokens: number;
	refilledAt: number;
	deferred: Map<number, AwarenessEntry> | null;
}

export function newPresencePeer(userId: string, identity: Identity, limits: PresenceLimits, now: number): PresencePeer {
	return { userId, identity, ownedIds: new Set(), tokens: burstOf(limits), refilledAt: now, deferred: null };
}

/** A stable, readable colour per user id (so the same person has the same colour everywhere). */
export function colorFor(userId: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < userId.length; i++) h = Math.imul(h ^ userId.charCodeAt(i), 0x01000193) >>> 0;
	const hue = h % 360;
	const f = (n: number) => {
		const k = (n + hue / 30) % 12;
		const c = 0.45 - 0.65 * Math.min(0.45, 1 - 0.45) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
		return Math.round(c * 255)
			.toString(16)
			.padStart(2, '0');
	};
	return `#${f(0)}${f(8)}${f(4)}`;
}

interface State {
	clock: number;
	json: string;
	owner: PresencePeer;
}

export interface PresenceStats {
	dropped: number;
	deferred: number;
}

export class DocPresence {
	private states = new Map<number, State>();
	private changed = new Map<number, { clock: number; json: string; owner: PresencePeer | null }>();
	readonly stats: PresenceStats = { dropped: 0, deferred: 0 };

	constructor(private readonly limits: PresenceLimits) {}

	get size(): number {
		return this.states.size;
	}

	/**
	 * May `peer` speak for `clientId`, and would the entry (`clock`, its JSON bytes) change
	 * anything? Refused entries are skipped undecoded: those of other connections, and states the
	 * server already holds at that clock or a newer one, which a stock provider sends back (it
	 * re-broadcasts every change it receives; from a crowd of one user, all of them are claimable).
	 * A frame of nothing but those is not a presence update and costs no rate budget.
	 */
	accepts(peer: PresencePeer, clientId: number, clock?: number, json?: Uint8Array): boolean {
		if (!this.claimable(peer, clientId)) return false;
		if (clock === undefined || json === undefined || json.length > this.limits.maxStateBytes) return true; // oversized: dropped (and counted) in apply
		const cur = this.states.get(clientId);
		// as in `apply`: a removal needs a state and a clock at least its clock; a state a newer clock
		if (isNullState(json)) return !!cur && clock >= cur.clock;
		return !cur || clock > cur.clock;
	}

	/** Applies what `peer` sent; returns true when a flush is needed (changes or deferred). */
	receive(peer: PresencePeer, entries: AwarenessEntry[], now: number): boolean {
		const mine = entries.filter((e) => this.claimable(peer, e.clientId));
		this.stats.dropped += entries.length - mine.length;
		if (mine.length === 0) return false;
		if (!this.take(peer, now)) {
			peer.deferred ??= new Map();
			for (const e of mine) peer.deferred.set(e.clientId, e);
			this.stats.deferred++;
			return true;
		}
		let changed = false;
		for (const e of mine) changed = this.apply(peer, e) || changed;
		return changed;
	}

	/** Applies deferred states of peers whose rate budget allows it; true if any remain. */
	applyDeferred(peers: Iterable<PresencePeer>, now: number): boolean {
		let waiting = false;
		for (const peer of peers) {
			if (!peer.deferred) continue;
			if (!this.take(peer, now)) {
				waiting = true;
				continue;
			}
			const list = [...peer.deferred.values()];
			peer.deferred = null;
			for (const e of list) if (this.claimable(peer, e.clientId)) this.apply(peer, e);
		}
		return waiting;
	}

	/** The peer left: its states are removed for everyone at the next flush. */
	leave(peer: PresencePeer): boolean {
		let any = false;
		for (const id of peer.ownedIds) {
			const s = this.states.get(id);
			if (!s || s.owner !== peer) continue;
			this.states.delete(id);
			this.changed.set(id, { clock: s.clock + 1, json: 'null', owner: null });
			any = true;
		}
		peer.ownedIds.clear();
		peer.deferred = null;
		return any;
	}

	/**
	 * Takes the changes since the last flush: the frame to send, and the single peer that caused
	 * them all (it does not need its own changes back), if there is one.
	 */
	takeChanges(): { frame: Uint8Array | null; soleOwner: PresencePeer | null } {
		if (this.changed.size === 0) return { frame: null, soleOwner: null };
		const entries: AwarenessEntry[] = [];
		let sole: PresencePeer | null | undefined;
		for (const [clientId, c] of this.changed) {
			entries.push({ clientId, clock: c.clock, json: c.json });
			sole = sole === undefined ? c.owner : sole === c.owner ? sole : null;
		}
		this.changed.clear();
		return { frame: encodeAwareness(writeAwareness(entries)), soleOwner: sole ?? null };
	}

	/** Every current state in one frame (for a peer that just joined or asked), or null if none. */
	fullFrame(): Uint8Array | null {
		if (this.states.size === 0) return null;
		const entries: AwarenessEntry[] = [];
		for (const [clientId, s] of this.states) entries.push({ clientId, clock: s.clock, json: s.json });
		return encodeAwareness(writeAwareness(entries));
	}

	private claimable(peer: PresencePeer, clientId: number): boolean {
		const s = this.states.get(clientId);
		if (s) return s.owner === peer || s.owner.userId === peer.userId;
		return peer.ownedIds.has(clientId) || peer.ownedIds.size < this.limits.maxIdsPerPeer;
	}

	private take(peer: PresencePeer, now: number): boolean {
		const rate = this.limits.ratePerSecond;
		peer.tokens = Math.min(burstOf(this.limits), peer.tokens + ((now - peer.refilledAt) * rate) / 1000);
		peer.refilledAt = now;
		if (peer.tokens < 1) return false;
		peer.tokens -= 1;
		return true;
	}

	private apply(peer: PresencePeer, e: AwarenessEntry): boolean {
		const cur = this.states.get(e.clientId);
		if (e.json === '') return this.drop(); // over the size cap
		if (e.json === 'null') {
			if (!cur || e.clock < cur.clock) return false;
			this.states.delete(e.clientId);
			cur.owner.ownedIds.delete(e.clientId);
			this.changed.set(e.clientId, { clock: e.clock, json: 'null', owner: peer });
			return true;
		}
		if (cur && e.clock <= cur.clock) return false; // stale
		if (!cur && !peer.ownedIds.has(e.clientId) && peer.ownedIds.size >= this.limits.maxIdsPerPeer) return this.drop();
		const json = this.rewrite(e.json, peer.identity);
		if (json === null) return this.drop();
		if (cur && cur.owner !== peer) cur.owner.ownedIds.delete(e.clientId); // taken over by the same user
		this.states.set(e.clientId, { clock: e.clock, json, owner: peer });
		peer.ownedIds.add(e.clientId);
		this.changed.set(e.clientId, { clock: e.clock, json, owner: peer });
		return true;
	}

	private drop(): false {
		this.stats.dropped++;
		return false;
	}

	/** The state with `user` replaced by the server's identity; null if not a JSON object. */
	private rewrite(json: string, identity: Identity): string | null {
		let state: unknown;
		try {
			state = JSON.parse(json);
		} catch {
			return null;
		}
		if (typeof state !== 'object' || state === null || Array.isArray(state)) return null;
		(state as Record<string, unknown>).user = { id: identity.id, name: identity.name, color: identity.color };
		return JSON.stringify(state);
	}
}

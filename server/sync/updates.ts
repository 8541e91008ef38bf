/**
 * Yjs update arithmetic without a Y.Doc: validating client updates, merging many updates, and
 * tracking which clocks the server holds (its state vector) as updates arrive.
 */
import * as Y from 'yjs';

export type StateVector = Map<number, number>;

export { EMPTY_UPDATE, mergeMany } from './merge.js';

/** What the server needs to know about one client update, found by decoding it completely. */
export interface UpdateInfo {
	/** [client, startClock, endClock) of every run of structs (Skips excluded) */
	ranges: [number, number, number][];
	/** end clock per client: the MESSAGE_STORED payload */
	to: StateVector;
	structs: number;
	/** true when the update deletes anything (delete sets are not visible in state vectors) */
	deletes: boolean;
	/** its delete set as [client, clock, length] runs */
	deleted: [number, number, number][];
}

/**
 * Decodes an update fully (structs and delete set) so that garbage is refused before it is
 * stored: a stored update that cannot be decoded would break every later load of the document.
 * Throws on malformed input.
 */
export function scanUpdate(update: Uint8Array): UpdateInfo {
	const { structs, ds } = Y.decodeUpdate(update);
	const ranges: [number, number, number][] = [];
	const to: StateVector = new Map();
	let last: [number, number, number] | null = null;
	for (const s of structs) {
		if (s instanceof Y.Skip) {
			last = null;
			continue;
		}
		const { client, clock } = s.id;
		const end = clock + s.length;
		if (last && last[0] === client && last[2] === clock) last[2] = end;
		else ranges.push((last = [client, clock, end]));
		if ((to.get(client) ?? 0) < end) to.set(client, end);
	}
	const deleted = deleteRuns(ds);
	return { ranges, to, structs: structs.length, deletes: deleted.length > 0, deleted };
}

function deleteRuns(ds: { clients: Map<number, { clock: number; len: number }[]> }): [number, number, number][] {
	const out: [number, number, number][] = [];
	for (const [client, items] of ds.clients) for (const it of items) if (it.len > 0) out.push([client, it.clock, it.len]);
	return out;
}

/** The delete set of an update, without keeping its structs (for a snapshot's remainder). */
export function deleteRunsOf(update: Uint8Array): [number, number, number][] {
	return deleteRuns(Y.decodeUpdate(update).ds);
}

/**
 * The clocks known to be deleted, per client, as sorted disjoint [start, end) runs. Lets the
 * server recognise a client re-sending deletions it already stored (every reconnect re-sends its
 * whole delete set in sync step 2), so they are acknowledged without being stored again.
 */
export class DeletedCoverage {
	private runs = new Map<number, [number, number][]>();

	add(client: number, clock: number, len: number): void {
		const list = this.runs.get(client) ?? [];
		let start = clock;
		let end = clock + len;
		const rest: [number, number][] = [];
		for (const r of list) {
			if (r[1] < start || r[0] > end) rest.push(r);
			else {
				start = Math.min(start, r[0]);
				end = Math.max(end, r[1]);
			}
		}
		rest.push([start, end]);
		rest.sort((a, b) => a[0] - b[0]);
		this.runs.set(client, rest);
	}

	addRuns(runs: readonly [number, number, number][]): void {
		for (const [c, k, n] of runs) this.add(c, k, n);
	}

	/** True when every deleted clock of `runs` is already known to be deleted. */
	holds(runs: readonly [number, number, number][]): boolean {
		for (const [client, clock, len] of runs) {
			const list = this.runs.get(client);
			if (!list || !list.some((r) => r[0] <= clock && clock + len <= r[1])) return false;
		}
		return true;
	}
}

/** True when `have` holds at least every clock of `need`. */
export function covers(have: StateVector, need: StateVector): boolean {
	for (const [client, clock] of need) if ((have.get(client) ?? 0) < clock) return false;
	return true;
}

/**
 * The clocks held contiguously from 0 per client (what Y.encodeStateVector reports for a doc),
 * plus runs received past a gap, which join once the gap is filled. Claiming a clock we do not
 * hold would make a client skip sending it, so only contiguous runs count.
 */
export class Coverage {
	readonly sv: StateVector = new Map();
	private islands = new Map<number, [number, number][]>();
	private encoded: Uint8Array | null = null;

	constructor(initial?: StateVector) {
		if (initial) for (const [c, k] of initial) this.sv.set(c, k);
	}

	add(client: number, start: number, end: number): void {
		const have = this.sv.get(client) ?? 0;
		if (end <= have) return;
		if (start > have) {
			const list = this.islands.get(client) ?? [];
			list.push([start, end]);
			this.islands.set(client, list);
			return;
		}
		this.encoded = null;
		let reach = end;
		const list = this.islands.get(client);
		if (list) {
			// absorb every island the new run now touches, repeatedly (they may chain)
			list.sort((a, b) => a[0] - b[0]);
			const rest: [number, number][] = [];
			for (const isl of list) {
				if (isl[0] <= reach) reach = Math.max(reach, isl[1]);
				else rest.push(isl);
			}
			if (rest.length) this.islands.set(client, rest);
			else this.islands.delete(client);
		}
		this.sv.set(client, reach);
	}

	addUpdate(info: UpdateInfo): void {
		for (const [client, start, end] of info.ranges) this.add(client, start, end);
	}

	/** True when every struct of `info` is already held. */
	holds(info: UpdateInfo): boolean {
		for (const [client, , end] of info.ranges) if ((this.sv.get(client) ?? 0) < end) return false;
		return true;
	}

	encode(): Uint8Array {
		return (this.encoded ??= Y.encodeStateVector(this.sv));
	}
}

export function encodeStateVector(sv: StateVector): Uint8Array {
	return Y.encodeStateVector(sv);
}

export function decodeStateVector(bytes: Uint8Array): StateVector {
	return Y.decodeStateVector(bytes);
}

export { describeSnapshot } from './merge.js';

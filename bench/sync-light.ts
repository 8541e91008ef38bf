/**
 * Light protocol-level clients for the benchmark: they send what a stock WebsocketProvider sends
 * (sync step 1 on open, a step 2 answer to the server's step 1, their awareness state, and the
 * provider's re-broadcast of awareness changes it receives) without building a Y.Doc, so that
 * one client process can drive a thousand connections without being the bottleneck.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';

export const STEP1_EMPTY = new Uint8Array([0, 0, 1, 0]);
const STEP2_EMPTY = new Uint8Array([0, 1, 2, 0, 0]);

export interface Counters {
	sent: number;
	received: number;
}

/** (client, clock) of the first struct of a v1 update: identifies a writer's edit. */
export function updateId(update: Uint8Array): string | null {
	try {
		const d = decoding.createDecoder(update);
		if (decoding.readVarUint(d) < 1) return null;
		decoding.readVarUint(d); // structs of the first client
		return `${decoding.readVarUint(d)}:${decoding.readVarUint(d)}`;
	} catch {
		return null;
	}
}

export function awarenessFrame(entries: { id: number; clock: number; json: string }[]): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(inner, e.id);
		encoding.writeVarUint(inner, e.clock);
		encoding.writeVarString(inner, e.json);
	}
	const outer = encoding.createEncoder();
	encoding.writeVarUint(outer, 1);
	encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
	return encoding.toUint8Array(outer);
}

export class LightClient {
	readonly ws: WebSocket;
	synced = false;
	/** awareness: client id → clock, and how many have a non-null state */
	readonly clocks = new Map<number, number>();
	readonly present = new Set<number>();
	readonly opened: Promise<void>;
	onUpdate: ((update: Uint8Array) => void) | null = null;
	onChange: (() => void) | null = null;

	constructor(
		url: string,
		private readonly counters: Counters,
		readonly presence: { id: number; state: object } | null = null,
		/** false against the plain rebroadcaster: it does not speak the protocol, so stay silent */
		private readonly protocol = true
	) {
		// An all-zero masking key: ws then skips masking in JavaScript (a browser masks natively, and
		// one process masking the frames of hundreds of clients made it the bottleneck). The frames
		// on the wire are the same size and the server unmasks them all the same.
		this.ws = new WebSocket(url, { perMessageDeflate: false, generateMask: (mask) => void mask.fill(0) });
		this.ws.binaryType = 'nodebuffer';
		this.ws.on('error', () => {});
		this.opened = new Promise((ok, ko) => {
			this.ws.once('open', () => ok());
			this.ws.once('close', () => ko(new Error('closed')));
		});
		this.opened.catch(() => {});
		this.ws.on('open', () => {
			if (protocol) this.send(STEP1_EMPTY);
			if (presence) {
				this.clocks.set(presence.id, 1);
				this.present.add(presence.id);
				this.send(awarenessFrame([{ id: presence.id, clock: 1, json: JSON.stringify(presence.state) }]));
			}
		});
		this.ws.on('message', (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
	}

	send(frame: Uint8Array): void {
		if (this.ws.readyState !== WebSocket.OPEN) return;
		this.counters.sent++;
		this.ws.send(frame);
	}

	private receive(f: Uint8Array): void {
		this.counters.received++;
		if (f[0] === 0 && f[1] === 0) {
			if (this.protocol) this.send(STEP2_EMPTY); // the server's step 1: we have nothing
		} else if (f[0] === 0 && (f[1] === 1 || f[1] === 2)) {
			if (f[1] === 1) this.synced = true;
			if (this.onUpdate) {
				const d = decoding.createDecoder(f);
				decoding.readVarUint(d);
				decoding.readVarUint(d);
				this.onUpdate(decoding.readVarUint8Array(d));
			}
		} else if (f[0] === 1 && this.presence) this.awareness(f);
		this.onChange?.();
	}

	/**
	 * Applies states with newer clocks and, like the provider, re-broadcasts what changed: the same
	 * bytes the provider would send (it re-encodes each changed entry as client id, clock and
	 * JSON.stringify(JSON.parse(json)), which for the server's JSON is the JSON it received), copied
	 * from the frame instead of decoded and encoded again; the whole frame when every entry changed.
	 */
	private awareness(f: Uint8Array): void {
		const outer = decoding.createDecoder(f);
		decoding.readVarUint(outer); // message type
		const payload = decoding.readVarUint8Array(outer);
		const d = decoding.createDecoder(payload);
		const n = decoding.readVarUint(d);
		const changed: [number, number][] = [];
		for (let i = 0; i < n; i++) {
			const start = d.pos;
			const id = decoding.readVarUint(d);
			const clock = decoding.readVarUint(d);
			const len = decoding.readVarUint(d);
			const isNull =
				len === 4 && payload[d.pos] === 0x6e && payload[d.pos + 1] === 0x75 && payload[d.pos + 2] === 0x6c && payload[d.pos + 3] === 0x6c;
			d.pos += len;
			if ((this.clocks.get(id) ?? 0) >= clock && !(isNull && this.present.has(id))) continue;
			this.clocks.set(id, clock);
			if (isNull) this.present.delete(id);
			else this.present.add(id);
			changed.push([start, d.pos]);
		}
		if (changed.length === 0) return;
		if (changed.length === n && outer.pos === f.length) return this.send(f);
		// the changed entries' bytes, runs of adjacent entries copied at once
		const runs: [number, number][] = [];
		for (const [a, b] of changed) {
			const last = runs[runs.length - 1];
			if (last && last[1] === a) last[1] = b;
			else runs.push([a, b]);
		}
		const count = encoding.createEncoder();
		encoding.writeVarUint(count, changed.length);
		const head = encoding.toUint8Array(count);
		const innerLength = head.length + runs.reduce((sum, [a, b]) => sum + b - a, 0);
		const prefix = encoding.createEncoder();
		encoding.writeVarUint(prefix, 1);
		encoding.writeVarUint(prefix, innerLength);
		const pre = encoding.toUint8Array(prefix);
		const frame = new Uint8Array(pre.length + innerLength);
		frame.set(pre, 0);
		frame.set(head, pre.length);
		let at = pre.length + head.length;
		for (const [a, b] of runs) {
			frame.set(payload.subarray(a, b), at);
			at += b - a;
		}
		this.send(frame);
	}

	close(): void {
		this.ws.close();
	}
}

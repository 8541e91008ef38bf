/**
 * The y-websocket wire format (y-protocols), decoded defensively and encoded without a Y.Doc.
 * Every frame is binary: a varUint message type, then its payload.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { CLOSE, MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_STORED, MESSAGE_SYNC } from '../../src/lib/sync/protocol';

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export type Incoming =
	| { type: 'step1'; stateVector: Uint8Array }
	| { type: 'step2' | 'update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'queryAwareness' }
	| { type: 'auth' };

/** A frame the server refuses; `code` is the close code for that connection. */
export class FrameError extends Error {
	constructor(
		readonly code: number,
		message: string
	) {
		super(message);
	}
}

/**
 * Parses one frame. Throws FrameError: 1003 for a message type we do not speak, 1007 for a
 * truncated or inconsistent payload. Payloads are views into `frame`; copy what you keep.
 */
export function parseFrame(frame: Uint8Array): Incoming {
	try {
		const d = decoding.createDecoder(frame);
		const type = decoding.readVarUint(d);
		switch (type) {
			case MESSAGE_SYNC: {
				const sub = decoding.readVarUint(d);
				const payload = decoding.readVarUint8Array(d);
				if (sub === SYNC_STEP1) return { type: 'step1', stateVector: payload };
				if (sub === SYNC_STEP2) return { type: 'step2', update: payload };
				if (sub === SYNC_UPDATE) return { type: 'update', update: payload };
				throw new FrameError(CLOSE.unsupported, `unknown sync message ${sub}`);
			}
			case MESSAGE_AWARENESS:
				return { type: 'awareness', update: decoding.readVarUint8Array(d) };
			case MESSAGE_QUERY_AWARENESS:
				return { type: 'queryAwareness' };
			case MESSAGE_AUTH:
				return { type: 'auth' };
			default:
				throw new FrameError(CLOSE.unsupported, `unknown message type ${type}`);
		}
	} catch (e) {
		if (e instanceof FrameError) throw e;
		throw new FrameError(CLOSE.invalidData, 'malformed frame');
	}
}

function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, type);
	write(e);
	return encoding.toUint8Array(e);
}

export const encodeStep1 = (stateVector: Uint8Array) =>
	frame(MESSAGE_SYNC, (e) => {
		encoding.writeVarUint(e, SYNC_STEP1);
		encoding.writeVarUint8Array(e, stateVector);
	});

export const encodeStep2 = (update: Uint8Array) =>
	frame(MESSAGE_SYNC, (e) => {
		encoding.writeVarUint(e, SYNC_STEP2);
		encoding.writeVarUint8Array(e, update);
	});

export const encodeUpdate = (update: Uint8Array) =>
	frame(MESSAGE_SYNC, (e) => {
		encoding.writeVarUint(e, SYNC_UPDATE);
		encoding.writeVarUint8Array(e, update);
	});

export const encodeAwareness = (update: Uint8Array) => frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, update));

/** MESSAGE_STORED: the stored update's end state vector, as a length-prefixed payload. */
export const encodeStored = (stateVector: Uint8Array) => frame(MESSAGE_STORED, (e) => encoding.writeVarUint8Array(e, stateVector));

/** One entry of an awareness update: client id, clock and the state as JSON ('null' = gone). */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	json: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether an entry's JSON bytes are `null` (the state was removed). */
export const isNullState = (bytes: Uint8Array) =>
	bytes.length === 4 && bytes[0] === 0x6e && bytes[1] === 0x75 && bytes[2] === 0x6c && bytes[3] === 0x6c;

/**
 * Reads the entries of an awareness update. Entries whose JSON is longer than `maxStateBytes`
 * come back with `json: ''` (too big: the caller drops them) without being decoded; entries
 * `wanted` refuses are skipped undecoded (a stock provider re-broadcasts every state it
 * receives, so most entries of its frames belong to other connections or are already known).
 */
export function readAwareness(
	update: Uint8Array,
	maxStateBytes: number,
	maxEntries: number,
	wanted: (clientId: number, clock: number, json: Uint8Array) => boolean = () => true
): AwarenessEntry[] {
	try {
		const d = decoding.createDecoder(update);
		const n = decoding.readVarUint(d);
		if (n > maxEntries) throw new FrameError(CLOSE.invalidData, 'too many awareness entries');
		const out: AwarenessEntry[] = [];
		for (let i = 0; i < n; i++) {
			const clientId = decoding.readVarUint(d);
			const clock = decoding.readVarUint(d);
			const bytes = decoding.readVarUint8Array(d);
			if (wanted(clientId, clock, bytes)) out.push({ clientId, clock, json: bytes.length > maxStateBytes ? '' : utf8.decode(bytes) });
		}
		return out;
	} catch (e) {
		if (e instanceof FrameError) throw e;
		throw new FrameError(CLOSE.invalidData, 'malformed awareness update');
	}
}

export function writeAwareness(entries: Iterable<AwarenessEntry>): Uint8Array {
	const list = [...entries];
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, list.length);
	for (const x of list) {
		encoding.writeVarUint(e, x.clientId);
		encoding.writeVarUint(e, x.clock);
		encoding.writeVarString(e, x.json);
	}
	return encoding.toUint8Array(e);
}

import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { CLOSE } from '../../src/lib/sync/protocol';
import {
	encodeAwareness,
	encodeStep1,
	encodeStep2,
	encodeStored,
	encodeUpdate,
	FrameError,
	parseFrame,
	readAwareness,
	writeAwareness
} from './messages';

const codeOf = (f: () => unknown) => {
	try {
		f();
	} catch (e) {
		return e instanceof FrameError ? e.code : -1;
	}
	return 0;
};

describe('parseFrame', () => {
	it('reads what the encoders write', () => {
		const bytes = new Uint8Array([1, 2, 3]);
		expect(parseFrame(encodeStep1(bytes))).toEqual({ type: 'step1', stateVector: bytes });
		expect(parseFrame(encodeStep2(bytes))).toEqual({ type: 'step2', update: bytes });
		expect(parseFrame(encodeUpdate(bytes))).toEqual({ type: 'update', update: bytes });
		expect(parseFrame(encodeAwareness(bytes))).toEqual({ type: 'awareness', update: bytes });
		expect(parseFrame(new Uint8Array([3]))).toEqual({ type: 'queryAwareness' });
	});

	it('refuses unknown types with 1003 and broken payloads with 1007', () => {
		expect(codeOf(() => parseFrame(new Uint8Array([9])))).toBe(CLOSE.unsupported);
		expect(codeOf(() => parseFrame(new Uint8Array([0, 5, 0])))).toBe(CLOSE.unsupported);
		expect(codeOf(() => parseFrame(new Uint8Array([])))).toBe(CLOSE.invalidData);
		expect(codeOf(() => parseFrame(new Uint8Array([0, 2, 200])))).toBe(CLOSE.invalidData); // truncated varint
		expect(codeOf(() => parseFrame(new Uint8Array([0, 2, 100, 1, 2])))).toBe(CLOSE.invalidData); // length past the end
		expect(codeOf(() => parseFrame(new Uint8Array([0x80, 0x80, 0x80])))).toBe(CLOSE.invalidData);
	});

	it('never reads past the frame into the buffer around it', () => {
		const big = new Uint8Array(64).fill(7);
		const frame = big.subarray(0, 4);
		frame.set([0, 2, 10, 1]); // claims 10 bytes, 1 present; the pool has more after it
		expect(codeOf(() => parseFrame(frame))).toBe(CLOSE.invalidData);
	});

	it('writes MESSAGE_STORED as type 7 with a length-prefixed state vector', () => {
		expect([...encodeStored(new Uint8Array([1, 5, 3]))]).toEqual([7, 3, 1, 5, 3]);
	});
});

describe('readAwareness', () => {
	it('reads entries and flags states over the size cap without decoding them', () => {
		const update = writeAwareness([
			{ clientId: 1, clock: 2, json: '{"a":1}' },
			{ clientId: 3, clock: 4, json: JSON.stringify({ big: 'x'.repeat(100) }) }
		]);
		expect(readAwareness(update, 50, 10)).toEqual([
			{ clientId: 1, clock: 2, json: '{"a":1}' },
			{ clientId: 3, clock: 4, json: '' }
		]);
	});

	it('skips, undecoded, the entries of client ids the caller does not accept', () => {
		const many = writeAwareness(Array.from({ length: 2000 }, (_, i) => ({ clientId: i, clock: 1, json: `{"i":${i}}` })));
		expect(readAwareness(many, 100, 65_536, (id) => id === 1234)).toEqual([{ clientId: 1234, clock: 1, json: '{"i":1234}' }]);
	});

	it('refuses too many entries and truncated updates', () => {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 5000);
		expect(codeOf(() => readAwareness(encoding.toUint8Array(e), 100, 1024))).toBe(CLOSE.invalidData);
		const ok = writeAwareness([{ clientId: 1, clock: 1, json: '{}' }]);
		expect(codeOf(() => readAwareness(ok.subarray(0, ok.length - 1), 100, 10))).toBe(CLOSE.invalidData);
	});
});

import { describe, expect, it } from 'vitest';
import { readAwareness, writeAwareness } from './messages';
import { colorFor, DocPresence, newPresencePeer, nextPresenceFlush, presenceTiming, type PresenceLimits } from './presence';

const limits: PresenceLimits = { maxStateBytes: 200, ratePerSecond: 20, maxIdsPerPeer: 2 };
const peer = (userId: string, name = userId) => newPresencePeer(userId, { id: userId, name, color: colorFor(userId) }, limits, 0);
const entry = (clientId: number, clock: number, state: unknown) => ({ clientId, clock, json: JSON.stringify(state) });

/** The states a peer would see in a frame. */
function seen(frame: Uint8Array | null): Map<number, unknown> {
	const out = new Map<number, unknown>();
	if (!frame) return out;
	// frame = [type 1, varUint8Array(update)]; the update length fits one byte in these tests or two
	let i = 1;
	let len = 0;
	let mult = 1;
	for (;;) {
		const b = frame[i++]!;
		len += (b & 0x7f) * mult;
		mult *= 128;
		if (b < 128) break;
	}
	for (const e of readAwareness(frame.subarray(i, i + len), 1 << 20, 1 << 16)) out.set(e.clientId, JSON.parse(e.json));
	return out;
}

describe('DocPresence', () => {
	it('overwrites user identity with the session one, keeping the other fields', () => {
		const p = new DocPresence(limits);
		const mallory = peer('u-mallory', 'Mallory');
		p.receive(mallory, [entry(10, 1, { user: { name: 'Mayor', id: 'someone-else', color: '#000' }, cursor: 5 })], 0);
		const state = seen(p.takeChanges().frame).get(10) as { user: { id: string; name: string; color: string }; cursor: number };
		expect(state.user).toEqual({ id: 'u-mallory', name: 'Mallory', color: colorFor('u-mallory') });
		expect(state.cursor).toBe(5);
	});

	it('lets nobody else speak for a client id, but the same user may take it over', () => {
		const p = new DocPresence(limits);
		const alice = peer('alice');
		const alice2 = peer('alice');
		const bob = peer('bob');
		p.receive(alice, [entry(1, 1, { v: 'a' })], 0);
		p.takeChanges();
		expect(p.receive(bob, [entry(1, 2, { v: 'b' })], 0)).toBe(false);
		expect(p.receive(bob, [entry(1, 3, null)], 0)).toBe(false);
		expect(p.size).toBe(1);
		expect(p.receive(alice2, [entry(1, 4, { v: 'a2' })], 0)).toBe(true);
		expect((seen(p.takeChanges().frame).get(1) as { v: string }).v).toBe('a2');
	});

	it('caps client ids per connection, drops oversized and non-object states', () => {
		const p = new DocPresence(limits);
		const c = peer('c');
		p.receive(c, [entry(1, 1, {}), entry(2, 1, {}), entry(3, 1, {})], 0);
		expect(p.size).toBe(2);
		const big = readAwareness(writeAwareness([entry(1, 2, { pad: 'x'.repeat(500) })]), limits.maxStateBytes, 10);
		p.receive(c, big, 0);
		p.receive(c, [entry(2, 2, [1, 2]), { clientId: 2, clock: 3, json: 'not json' }], 0);
		const frame = seen(p.takeChanges().frame);
		expect(frame.get(1)).toEqual({ user: expect.any(Object) }); // still the first, small state
		expect(p.stats.dropped).toBeGreaterThanOrEqual(4);
	});

	it('accepts a burst of 5, then 20 updates a second per connection, and keeps the latest of the excess', () => {
		const p = new DocPresence(limits);
		const fast = peer('fast');
		for (let i = 1; i <= 100; i++) p.receive(fast, [entry(5, i, { n: i })], 0); // 100 at one instant
		expect((seen(p.takeChanges().frame).get(5) as { n: number }).n).toBe(5);
		expect(p.applyDeferred([fast], 0)).toBe(true); // no budget yet: still waiting
		p.applyDeferred([fast], 100); // 100 ms later: 2 tokens
		expect((seen(p.takeChanges().frame).get(5) as { n: number }).n).toBe(100);
	});

	it('skips states it already holds (a provider re-broadcasting them) undecoded, without spending the rate budget', () => {
		const p = new DocPresence(limits);
		const tab1 = peer('alice');
		const tab2 = peer('alice'); // the same user: every entry of tab 1 is claimable by tab 2
		p.receive(tab1, [entry(1, 3, { tab: 1 })], 0);
		const known = writeAwareness([entry(1, 3, { tab: 1 }), entry(1, 2, { older: true })]);
		const read = (frame: Uint8Array, who = tab2) =>
			readAwareness(frame, limits.maxStateBytes, 10, (id, clock, json) => p.accepts(who, id, clock, json));
		for (let i = 0; i < 50; i++) expect(p.receive(tab2, read(known), 0)).toBe(false);
		expect(read(known)).toEqual([]);
		p.takeChanges();
		expect(p.receive(tab2, read(writeAwareness([entry(2, 1, { tab: 2 })])), 0)).toBe(true); // not deferred: the budget is intact
		expect(seen(p.takeChanges().frame).get(2)).toEqual({ tab: 2, user: expect.any(Object) });
		// a newer state, a removal at the same clock, and an oversized state still go through
		expect(read(writeAwareness([entry(1, 4, { tab: 1 })]))).toHaveLength(1);
		expect(read(writeAwareness([entry(1, 2, null)]))).toEqual([]);
		expect(read(writeAwareness([entry(1, 3, null)]))).toEqual([{ clientId: 1, clock: 3, json: 'null' }]);
		expect(read(writeAwareness([entry(1, 1, { pad: 'x'.repeat(500) })]))).toEqual([{ clientId: 1, clock: 1, json: '' }]);
		expect(read(writeAwareness([entry(9, 1, null)]))).toEqual([]); // removing what is not there
	});

	it('removes the states of a connection that leaves, with a newer clock', () => {
		const p = new DocPresence(limits);
		const a = peer('a');
		p.receive(a, [entry(9, 3, { x: 1 })], 0);
		p.takeChanges();
		expect(p.leave(a)).toBe(true);
		const { frame, soleOwner } = p.takeChanges();
		expect(soleOwner).toBeNull();
		expect(seen(frame).get(9)).toBeNull();
		expect(p.fullFrame()).toBeNull();
	});

	it('names the single peer behind a batch so it is not sent its own change', () => {
		const p = new DocPresence(limits);
		const a = peer('a');
		p.receive(a, [entry(1, 1, {})], 0);
		expect(p.takeChanges().soleOwner).toBe(a);
	});
});

describe('colorFor', () => {
	it('gives each user a stable colour', () => {
		expect(colorFor('user-1')).toMatch(/^#[0-9a-f]{6}$/);
		expect(colorFor('user-1')).toBe(colorFor('user-1'));
		expect(colorFor('user-1')).not.toBe(colorFor('user-2'));
	});
});

describe('presence flush timing', () => {
	it('flushes a few people almost at once, and a crowd after a pause or at the cap', () => {
		expect(presenceTiming(3)).toEqual({ quiet: 3, cap: 6 });
		expect(presenceTiming(500)).toEqual({ quiet: 50, cap: 500 });
		const t = presenceTiming(500);
		expect(nextPresenceFlush(t, null, 1000)).toBe(50); // first change: wait for a pause
		expect(nextPresenceFlush(t, 1000, 1040)).toBe(50); // another change: the wait restarts
		expect(nextPresenceFlush(t, 1000, 1450)).toBe(50); // 1,500 is still within the cap
		expect(nextPresenceFlush(t, 1000, 1451)).toBeNull(); // restarting would pass it: keep the timer
	});

	it('flushes a crowd joining steadily for a second twice, at the cap each time', () => {
		// 500 joins, one every 2 ms: simulate the timer and count flushes
		const t = presenceTiming(500);
		let since: number | null = null;
		let due = Infinity;
		let flushes = 0;
		for (let now = 0; now <= 2000; now++) {
			if (now >= due) {
				flushes++;
				since = null;
				due = Infinity;
			}
			if (now < 1000 && now % 2 === 0) {
				const d = nextPresenceFlush(t, since, now);
				since ??= now;
				if (d !== null) due = now + d;
			}
		}
		expect(flushes).toBe(2); // at 500 ms and 1,000 ms: each cap ends a batch (the last join, at 998 ms, is in the second)
	});
});

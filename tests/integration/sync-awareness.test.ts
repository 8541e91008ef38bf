/** Presence abuse: spoofed identity, oversized states, 100 Hz updates. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { colorFor } from '../../server/sync/presence';
import { SyncHarness, until, type Member, type TestProvider } from '../helpers/sync-harness';

let h: SyncHarness;
let mallory: Member;
let alice: Member;
let name: string;
beforeAll(async () => {
	h = await SyncHarness.start();
	const org = h.org();
	mallory = h.member(org, 'editor', 'Mallory');
	alice = h.member(org, 'viewer', 'Alice');
	name = h.checklist(mallory);
});
afterAll(async () => h?.dispose());

type Seen = { user?: { id: string; name: string; color: string }; [k: string]: unknown };
const stateOf = (watcher: TestProvider, of: TestProvider) =>
	watcher.provider.awareness.getStates().get(of.doc.clientID) as Seen | undefined;
function seenWhen(watcher: TestProvider, of: TestProvider, check: (s: Seen) => boolean, label: string) {
	const aw = watcher.provider.awareness;
	return until(
		() => {
			const s = stateOf(watcher, of);
			return !!s && check(s);
		},
		(again) => {
			aw.on('change', again);
			return () => aw.off('change', again);
		},
		label
	);
}

it('shows peers the identity from the session, whatever the client claims', async () => {
	const m = h.provider(name, mallory);
	const a = h.provider(name, alice);
	await Promise.all([m.synced(), a.synced()]);
	m.provider.awareness.setLocalState({ user: { name: 'Mayor', id: 'someone-else', color: '#000000' }, cursor: 3 });
	await seenWhen(a, m, (s) => s.cursor === 3, 'spoofed state');
	expect(stateOf(a, m)!.user).toEqual({ id: mallory.user.id, name: 'Mallory', color: colorFor(mallory.user.id) });
	// and a client cannot write into another client's presence entry
	a.provider.awareness.setLocalStateField('typing', true);
	await seenWhen(m, a, (s) => s.typing === true, 'viewer presence');
	expect(stateOf(m, a)!.user?.name).toBe('Alice');
	m.destroy();
	a.destroy();
});

it('drops oversized states: peers keep the last acceptable one', async () => {
	const m = h.provider(name, mallory);
	const a = h.provider(name, alice);
	await Promise.all([m.synced(), a.synced()]);
	m.provider.awareness.setLocalState({ step: 1 });
	await seenWhen(a, m, (s) => s.step === 1, 'small state');
	m.provider.awareness.setLocalState({ step: 2, blob: 'x'.repeat(20_000) });
	m.provider.awareness.setLocalState({ step: 3 });
	await seenWhen(a, m, (s) => s.step === 3, 'state after the oversized one');
	expect(h.sync.stats().presenceDropped).toBeGreaterThan(0);
	m.destroy();
	a.destroy();
});

it('caps a client sending 100 updates a second and still delivers its latest state', async () => {
	const m = h.provider(name, mallory);
	const a = h.provider(name, alice);
	await Promise.all([m.synced(), a.synced()]);
	let received = 0;
	a.provider.awareness.on('change', ({ updated, added }: { updated: number[]; added: number[] }) => {
		if ([...updated, ...added].includes(m.doc.clientID)) received++;
	});
	const started = Date.now();
	for (let i = 1; i <= 100; i++) {
		m.provider.awareness.setLocalStateField('n', i);
		await new Promise<void>((ok) => setTimeout(ok, 10)); // the 100 Hz load itself, not a wait for a result
	}
	await seenWhen(a, m, (s) => s.n === 100, 'latest state');
	const seconds = (Date.now() - started) / 1000;
	// 20 a second after a burst of 5, against 100 a second sent
	expect(received).toBeLessThanOrEqual(20 * seconds + 5 + 1);
	expect(received).toBeGreaterThan(5);
	m.destroy();
	a.destroy();
});

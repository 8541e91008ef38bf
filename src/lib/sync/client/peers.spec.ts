import { describe, expect, it } from 'vitest';
import { peersFrom } from './peers';

const user = (id: string, name: string, color = '#123456') => ({ id, name, color });

describe('peersFrom', () => {
	it('lists other people by name, without me and without anonymous states', () => {
		const states = new Map<number, unknown>([
			[1, { user: user('me', 'Me') }],
			[2, { user: user('b', 'Bea'), editing: 'item-1' }],
			[3, { user: user('a', 'Ana') }],
			[4, {}],
			[5, { user: user('me', 'Me, other tab') }]
		]);
		expect(peersFrom(states, 1, 'me')).toEqual([
			{ clientId: 3, userId: 'a', name: 'Ana', color: '#123456', editing: null },
			{ clientId: 2, userId: 'b', name: 'Bea', color: '#123456', editing: 'item-1' }
		]);
	});

	it('merges one person in several tabs, keeping what they edit', () => {
		const states = new Map<number, unknown>([
			[2, { user: user('b', 'Bea') }],
			[3, { user: user('b', 'Bea'), editing: 'x' }]
		]);
		expect(peersFrom(states, 1, 'me')).toMatchObject([{ userId: 'b', editing: 'x' }]);
	});

	it('never passes an unsafe colour into a style', () => {
		const states = new Map<number, unknown>([[2, { user: user('b', 'Bea', 'red; background: url(x)') }]]);
		expect(peersFrom(states, 1, 'me')[0]?.color).toBe('#4d5a69');
		const hsl = new Map<number, unknown>([[2, { user: user('b', 'Bea', 'hsl(200, 60%, 40%)') }]]);
		expect(peersFrom(hsl, 1, 'me')[0]?.color).toBe('hsl(200, 60%, 40%)');
	});
});

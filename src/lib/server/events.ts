/**
 * In-process events between modules (e.g. the sync server closes a member's sockets when their
 * role changes). Typed, synchronous, one bus per app context.
 */
import { EventEmitter } from 'node:events';

export interface AppEvents {
	'member.changed': { organizationId: string; userId: string; reason: 'role' | 'disabled' | 'enabled' | 'signed_out' };
}

export interface EventBus {
	emit<K extends keyof AppEvents>(type: K, payload: AppEvents[K]): void;
	on<K extends keyof AppEvents>(type: K, fn: (payload: AppEvents[K]) => void): () => void;
}

export function createEventBus(): EventBus {
	const ee = new EventEmitter();
	ee.setMaxListeners(100);
	return {
		emit: (type, payload) => void ee.emit(type, payload),
		on: (type, fn) => {
			ee.on(type, fn);
			return () => void ee.off(type, fn);
		}
	};
}

/**
 * The handshake of a `/sync` upgrade against the app: Origin allow-list, then the session cookie
 * (browsers) or a personal API token in the `token` query parameter (Node clients, tools). The
 * token is read from the URL and never logged. A cookie-authenticated request must carry an
 * allowed Origin: browsers always send one, and without it the cookie could be replayed cross-site.
 */
import type { IncomingMessage } from 'node:http';
import type { AppContext } from '../../src/lib/server/context';
import { toActor } from '../../src/lib/server/accounts/service';
import type { UserRow } from '../../src/lib/server/accounts/repository';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session';
import type { DocService } from '../../src/lib/server/docs/service';
import { originAllowed } from '../../src/lib/server/http/origin';
import { CLOSE } from '../../src/lib/sync/protocol';
import type { Principal } from './loaded-doc';
import type { Handshake, SyncAuth } from './server';

type Credential = { kind: 'session' | 'token'; token: string };

function cookieValue(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const i = part.indexOf('=');
		if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
	}
	return null;
}

/** The origin the request was addressed to, as the browser sees it. */
function selfOrigin(req: IncomingMessage, trustProxy: boolean): string {
	const first = (v: string | string[] | undefined) =>
		String(Array.isArray(v) ? v[0] : (v ?? ''))
			.split(',')[0]!
			.trim();
	const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
	const fwdProto = trustProxy ? first(req.headers['x-forwarded-proto']) : '';
	const proto = fwdProto === 'https' || fwdProto === 'http' ? fwdProto : encrypted ? 'https' : 'http';
	const host = (trustProxy && first(req.headers['x-forwarded-host'])) || first(req.headers.host);
	return `${proto}://${host}`;
}

function principalOf(user: UserRow, credential: Credential): Principal {
	return { userId: user.id, name: user.name, organizationId: user.organizationId, credential: { credential, actor: toActor(user) } };
}

const actorOf = (p: Principal) => (p.credential as { actor: ReturnType<typeof toActor> }).actor;
const credentialOf = (p: Principal) => (p.credential as { credential: Credential }).credential;

export function createContextAuth(ctx: AppContext, docs: DocService): SyncAuth {
	const userFor = (c: Credential): UserRow | null =>
		c.kind === 'token' ? ctx.accounts.authenticateApiToken(c.token) : (ctx.sessions.validate(c.token)?.user ?? null);

	return {
		handshake(req): Handshake {
			const origin = req.headers.origin;
			if (origin !== undefined && !originAllowed(origin, selfOrigin(req, ctx.config.trustProxy), ctx.config.origins))
				return { ok: false, reject: 'origin' };
			let token: string | null = null;
			try {
				token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
			} catch {
				/* unparsable URL: no token */
			}
			const cookie = cookieValue(req.headers.cookie, SESSION_COOKIE);
			const credential: Credential | null = token ? { kind: 'token', token } : cookie ? { kind: 'session', token: cookie } : null;
			if (!credential) return { ok: false, close: CLOSE.unauthenticated };
			if (credential.kind === 'session' && origin === undefined) return { ok: false, reject: 'origin' };
			const user = userFor(credential);
			return user ? { ok: true, principal: principalOf(user, credential) } : { ok: false, close: CLOSE.unauthenticated };
		},

		open(p, name) {
			const opened = docs.open(actorOf(p), name);
			return opened ? { kind: opened.doc.kind, organizationId: opened.doc.organizationId, canWrite: opened.canWrite } : null;
		},

		recheck(p) {
			const c = credentialOf(p);
			const user = userFor(c);
			return user ? principalOf(user, c) : null;
		}
	};
}

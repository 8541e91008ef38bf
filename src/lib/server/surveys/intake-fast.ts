/**
 * The process's fast path for `POST /api/v1/surveys/<id>/responses` (server/index.ts calls it
 * before the SvelteKit handler). Profiling put most of an intake request's time in the SvelteKit
 * handler (request/URL objects, hooks, routing), so this answers the common request straight off
 * node:http, with the same rules, by the same functions:
 *   auth         `authenticateRequest` (as hooks.server.ts: Origin check for a session cookie,
 *                 Bearer token, session; an unknown session cookie is cleared)
 *   body + reply `answerIntake` (as the route: content type, 200 kB limit, JSON, intake.submit
 *                 with its validation, rate limits, idempotency and group commit)
 *   headers      `SECURITY_HEADERS`, `cache-control: private, no-cache` for a signed-in caller
 *   client IP    adapter-node's rules (ADDRESS_HEADER, XFF_DEPTH)
 * Anything it cannot answer identically is left to SvelteKit (returns false): other methods or
 * paths, a query string (`?lang=` sets a cookie), form content types (SvelteKit's own CSRF check),
 * bodies without a Content-Length or above BODY_SIZE_LIMIT, a missing address header.
 * `CIVICLOOP_INTAKE_FAST_PATH=off` turns it off (server/index.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toActor } from '../accounts/service';
import { SESSION_COOKIE } from '../auth/session';
import type { AppContext } from '../context';
import { SECURITY_HEADERS, type Answer } from '../http/answer';
import { authenticateRequest } from '../http/request-auth';
import { answerIntake } from './intake-http';

const PATH = /^\/api\/v1\/surveys\/([A-Za-z0-9_-]{1,100})\/responses$/;
// SvelteKit checks the Origin of these itself (is_form_content_type): left to it.
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/x-sveltekit-formdata']);

/** adapter-node's variables: ORIGIN, PROTOCOL_HEADER, HOST_HEADER, PORT_HEADER, ADDRESS_HEADER, XFF_DEPTH, BODY_SIZE_LIMIT. */
type FastPathEnv = Record<string, string | undefined>;

/** adapter-node's parse_as_bytes. */
function bytes(value: string): number {
	const multiplier = ({ K: 1024, M: 1024 ** 2, G: 1024 ** 3 } as Record<string, number>)[value.at(-1)?.toUpperCase() ?? ''] ?? 1;
	return Number(multiplier !== 1 ? value.slice(0, -1) : value) * multiplier;
}

/** The first `name` cookie of a Cookie header, decoded as the `cookie` package does. */
export function readCookie(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
		let value = part.slice(eq + 1).trim();
		if (value.charCodeAt(0) === 0x22) value = value.slice(1, -1);
		if (!value.includes('%')) return value;
		try {
			return decodeURIComponent(value);
		} catch {
			return value;
		}
	}
	return undefined;
}

function single(v: string | string[] | undefined): string | undefined {
	return Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v;
}

export function createIntakeFastPath(ctx: () => AppContext, env: FastPathEnv = process.env) {
	const origin = env.ORIGIN ? new URL(env.ORIGIN.trim()).origin : undefined;
	const protocolHeader = (env.PROTOCOL_HEADER ?? '').toLowerCase();
	const hostHeader = (env.HOST_HEADER ?? '').toLowerCase();
	const addressHeader = (env.ADDRESS_HEADER ?? '').toLowerCase();
	const xffDepth = parseInt(env.XFF_DEPTH ?? '1');
	const bodySizeLimit = bytes(env.BODY_SIZE_LIMIT ?? '512K');
	// A port header changes the origin in ways not worth copying: no fast path then.
	const enabled = !env.PORT_HEADER;
	let served = 0;

	/** The origin SvelteKit would give `url.origin`, or undefined (then SvelteKit answers). */
	function selfOrigin(req: IncomingMessage): string | undefined {
		if (origin) return origin;
		const protocol = (protocolHeader && single(req.headers[protocolHeader])) || 'https';
		const host = (hostHeader && single(req.headers[hostHeader])) || single(req.headers.host);
		if (!host || protocol.includes(':') || protocol.includes('%')) return undefined;
		try {
			return new URL(`${protocol}://${host}`).origin;
		} catch {
			return undefined;
		}
	}

	/** adapter-node's getClientAddress, or undefined where it would throw (then SvelteKit answers). */
	function clientAddress(req: IncomingMessage): string | undefined {
		if (!addressHeader) return req.socket.remoteAddress;
		if (!(addressHeader in req.headers)) return undefined;
		const value = String(req.headers[addressHeader] || '');
		if (addressHeader !== 'x-forwarded-for') return value;
		const addresses = value.split(',');
		if (xffDepth < 1 || xffDepth > addresses.length) return undefined;
		return addresses[addresses.length - xffDepth]!.trim();
	}

	function readText(req: IncomingMessage): Promise<string> {
		return new Promise((resolve, reject) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => resolve(new TextDecoder().decode(Buffer.concat(chunks))));
			req.on('error', reject);
			// A client that goes away mid-body: nothing to answer, nothing stored.
			req.on('close', () => (req.complete ? undefined : reject(new Error('request aborted'))));
		});
	}

	async function serve(req: IncomingMessage, res: ServerResponse, surveyId: string, ip: string, self: string | undefined) {
		const c = ctx();
		let answer: Answer;
		try {
			const sessionToken = readCookie(req.headers.cookie, SESSION_COOKIE);
			const who = authenticateRequest(c, {
				method: 'POST',
				path: req.url!,
				selfOrigin: self ?? '',
				origin: single(req.headers.origin) ?? null,
				authorization: single(req.headers.authorization) ?? null,
				sessionToken
			});
			if (who.kind === 'refused') answer = who.answer;
			else {
				const user = who.kind === 'token' ? who.user : who.kind === 'session' ? who.valid.user : null;
				answer = await answerIntake(c.surveys.intake, {
					surveyId,
					contentType: single(req.headers['content-type']) ?? null,
					contentLength: single(req.headers['content-length']) ?? null,
					readText: () => readText(req),
					ip,
					actor: user ? toActor(user) : null
				});
				const headers = { ...answer.headers, ...SECURITY_HEADERS };
				if (user) headers['cache-control'] = 'private, no-cache';
				if (who.kind === 'anonymous' && who.clearSessionCookie) {
					// SvelteKit's cookie defaults: Secure unless the origin is http://localhost.
					const url = self === undefined ? undefined : new URL(self);
					const insecure = url?.protocol === 'http:' && url.hostname === 'localhost';
					headers['set-cookie'] = `${SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly;${insecure ? '' : ' Secure;'} SameSite=Lax`;
				}
				answer = { ...answer, headers };
			}
		} catch (e) {
			if (res.destroyed) return; // the client is gone
			// What hooks.server.ts handleError does: log a reference id, show only that id.
			const id = crypto.randomUUID().slice(0, 8);
			c.log.error({ id, path: req.url, err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) }, 'request.error');
			answer = {
				status: 500,
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ message: 'Something went wrong on our side.', id })
			};
		}
		if (res.destroyed) return;
		res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) }).end(answer.body);
	}

	return {
		/** Answers the request and returns true, or returns false for SvelteKit to answer it. */
		handle(req: IncomingMessage, res: ServerResponse): boolean {
			if (!enabled || req.method !== 'POST') return false;
			const m = PATH.exec(req.url ?? '');
			if (!m) return false;
			const type = single(req.headers['content-type']);
			if (FORM_TYPES.has((type ?? '').split(';', 1)[0]!.trim().toLowerCase())) return false;
			const length = single(req.headers['content-length']);
			if (length === undefined || req.headers['transfer-encoding'] !== undefined || !(Number(length) <= bodySizeLimit)) return false;
			const ip = clientAddress(req);
			if (ip === undefined) return false;
			let self: string | undefined;
			if (req.headers.cookie) {
				self = selfOrigin(req);
				if (self === undefined) return false;
			}
			served++;
			void serve(req, res, m[1]!, ip, self);
			return true;
		},
		/** Requests answered here so far (/healthz shows it as intakeFastPath). */
		served: () => served
	};
}

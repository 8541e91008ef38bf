/**
 * Configuration from the environment, parsed once with a schema. A bad value stops the process
 * with a message naming the variable.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']).transform((v) => v === '1' || v === 'true' || v === 'yes');
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

const envSchema = z.object({
	PORT: int(3000, 0, 65535),
	HOST: z.string().min(1).default('0.0.0.0'),
	DATA_DIR: z.string().min(1).default('./data'),
	DATABASE_FILE: z.string().min(1).optional(),
	ORIGIN: z.string().optional(),
	TRUST_PROXY: bool.default(false),
	SESSION_IDLE_HOURS: int(24 * 14, 1, 24 * 365),
	SESSION_MAX_DAYS: int(30, 1, 365),
	INVITATION_DAYS: int(7, 1, 90),
	SMTP_URL: z.string().optional(),
	MAIL_FROM: z.string().default('CivicLoop <no-reply@localhost>'),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	DEMO: bool.default(false),
	DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('civicloop-demo'),
	SYNC_MAX_PAYLOAD: int(2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
	SYNC_UNLOAD_MS: int(30_000, 0, 3_600_000)
});

export interface Config {
	port: number;
	host: string;
	dataDir: string;
	databaseFile: string;
	/** Allowed origins for non-GET requests; empty = same origin as the request. */
	origins: string[];
	trustProxy: boolean;
	sessionIdleMs: number;
	sessionMaxMs: number;
	invitationMs: number;
	smtpUrl?: string;
	mailFrom: string;
	logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
	demo: boolean;
	demoPassword: string;
	syncMaxPayload: number;
	syncUnloadMs: number;
}

export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** Reads the configuration from `env`; throws `ConfigError` naming the bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
	const cleaned = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
	const parsed = envSchema.safeParse(cleaned);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const name = issue?.path.join('.') ?? 'environment';
		throw new ConfigError(`${name}: ${issue?.message ?? 'invalid value'} (got ${JSON.stringify(env[name])})`);
	}
	const e = parsed.data;
	const dataDir = resolve(e.DATA_DIR);
	const origins = (e.ORIGIN ?? '')
		.split(',')
		.map((o) => o.trim().replace(/\/$/, ''))
		.filter(Boolean);
	for (const o of origins) {
		if (!/^https?:\/\/[^/]+$/.test(o)) throw new ConfigError(`ORIGIN: "${o}" is not an origin like https://civicloop.example.gov`);
	}
	return {
		port: e.PORT,
		host: e.HOST,
		dataDir,
		databaseFile: resolve(dataDir, e.DATABASE_FILE ?? (e.DEMO ? 'demo.db' : 'civicloop.db')),
		origins,
		trustProxy: e.TRUST_PROXY,
		sessionIdleMs: e.SESSION_IDLE_HOURS * 3_600_000,
		sessionMaxMs: e.SESSION_MAX_DAYS * 86_400_000,
		invitationMs: e.INVITATION_DAYS * 86_400_000,
		smtpUrl: e.SMTP_URL,
		mailFrom: e.MAIL_FROM,
		logLevel: e.LOG_LEVEL,
		demo: e.DEMO,
		demoPassword: e.DEMO_PASSWORD,
		syncMaxPayload: e.SYNC_MAX_PAYLOAD,
		syncUnloadMs: e.SYNC_UNLOAD_MS
	};
}

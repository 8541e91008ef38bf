import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout. Tokens, cookies and passwords are redacted wherever they appear. */
export function createLogger(level: string): Logger {
	return pino({
		level,
		base: { app: 'civicloop' },
		redact: {
			paths: [
				'password',
				'*.password',
				'token',
				'*.token',
				'headers.cookie',
				'headers.authorization',
				'*.headers.cookie',
				'*.headers.authorization'
			],
			censor: '[redacted]'
		}
	});
}

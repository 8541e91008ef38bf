/** E-mail when SMTP is configured; otherwise the caller shows the link to copy. */
import type { Logger } from './log';

export interface Mailer {
	readonly enabled: boolean;
	send(msg: { to: string; subject: string; text: string }): Promise<boolean>;
}

export function createMailer(smtpUrl: string | undefined, from: string, log: Logger): Mailer {
	if (!smtpUrl) return { enabled: false, send: async () => false };
	let transport: Promise<{ sendMail(o: object): Promise<unknown> }> | undefined;
	return {
		enabled: true,
		async send(msg) {
			try {
				transport ??= import('nodemailer').then((m) => m.default.createTransport(smtpUrl));
				await (await transport).sendMail({ from, ...msg });
				return true;
			} catch (e) {
				log.warn({ err: (e as Error).message, to: msg.to }, 'mail.failed');
				return false;
			}
		}
	};
}

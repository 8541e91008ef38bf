/**
 * The context as the SvelteKit side sees it: the one `server/index.ts` made, or, under `vite dev`,
 * one made on first use from the environment.
 */
import { loadConfig } from './config';
import { createContext, peekContext, setContext, type AppContext } from './context';

export function app(): AppContext {
	let ctx = peekContext();
	if (!ctx) {
		ctx = createContext(loadConfig(process.env), { version: 'dev' });
		setContext(ctx);
	}
	return ctx;
}

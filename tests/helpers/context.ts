/** An in-process app context on a fresh SQLite file, for service-level tests. */
import { rmSync } from 'node:fs';
import { loadConfig } from '../../src/lib/server/config';
import { createContext, type AppContext } from '../../src/lib/server/context';
import { tempDataDir } from './server';

export async function testContext(env: Record<string, string> = {}): Promise<AppContext & { dispose(): Promise<void> }> {
	const dir = tempDataDir('civicloop-ctx-');
	const ctx = createContext(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...env }));
	return Object.assign(ctx, {
		async dispose() {
			await ctx.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
}

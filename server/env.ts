/** The environment, read once. A bad variable stops the process with its name. */
import { loadConfig, type Config } from '../src/lib/server/config';

export function readEnv(env: NodeJS.ProcessEnv = process.env): Config {
	return loadConfig(env);
}

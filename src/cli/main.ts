/**
 * CivicLoop command-line entry point: dispatches subcommands.
 * Loaded by bin/civicloop.mjs through tsx; has no side effects on import.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { runAnalyze, type CliIo } from './analyze';

export const USAGE = `Usage: civicloop <command> [options]

Commands:
  analyze   weight survey responses to population margins and print estimates
            (civicloop analyze --help for its options)
`;

/**
 * Run the CLI with the arguments after the program name.
 * @returns exit code (2 for an unknown or missing command)
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
	const [command, ...rest] = argv;
	if (command === 'analyze') return runAnalyze(rest, io);
	if (command === 'help' || command === '--help' || command === '-h') {
		io.stdout(USAGE);
		return 0;
	}
	io.stderr(`${command === undefined ? 'civicloop: missing command' : `civicloop: unknown command "${command}"`}\n${USAGE}`);
	return 2;
}

/** CliIo backed by the Node file system and process streams. */
export function nodeIo(): CliIo {
	return {
		readFile: (path) => readFile(path, 'utf8'),
		writeFile: (path, data) => writeFile(path, data, 'utf8'),
		stdout: (text) => void process.stdout.write(text),
		stderr: (text) => void process.stderr.write(text)
	};
}

#!/usr/bin/env node
// CivicLoop CLI launcher: runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { runCli, nodeIo } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), nodeIo());

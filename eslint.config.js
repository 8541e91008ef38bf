import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'bench/results/', 'drizzle/', 'data/', 'coverage/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			// Never render untrusted text as HTML (RELIABILITY.md).
			'svelte/no-at-html-tags': 'error',
			'svelte/require-each-key': 'error',
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		// The domain is pure: no framework, no I/O (STYLE.md).
		files: ['src/lib/domain/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['$app/*', '$env/*', 'svelte', 'svelte/*', '@sveltejs/*'], message: 'domain code is framework-free' },
						{
							group: ['**/server/**', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'node:fs', 'fs', 'ws'],
							message: 'domain code does no I/O'
						}
					]
				}
			]
		}
	},
	{
		// Components and client code never reach into the server.
		files: ['src/lib/components/**', 'src/lib/client/**', 'src/lib/sync/client/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['$lib/server/*', '**/server/**'], message: 'client code cannot import server modules' }] }
			]
		}
	},
	{
		// server/ runs outside Vite (STACK.md pitfall 14).
		files: ['server/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['$lib/*', '$app/*', '$env/*'], message: 'server/ uses relative imports; it runs outside Vite' }] }
			]
		}
	}
);

import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
	it('has defaults that serve on port 3000 with ./data/civicloop.db', () => {
		const c = loadConfig({});
		expect(c.port).toBe(3000);
		expect(c.databaseFile).toMatch(/data\/civicloop\.db$/);
	});

	it('uses demo.db in demo mode', () => {
		expect(loadConfig({ DEMO: '1', DATA_DIR: '/tmp/x' }).databaseFile).toBe('/tmp/x/demo.db');
	});

	it('names the variable that is wrong', () => {
		expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^PORT/);
		expect(() => loadConfig({ ORIGIN: 'example.gov' })).toThrow(/ORIGIN/);
		expect(() => loadConfig({ DEMO_PASSWORD: 'short' })).toThrow(/DEMO_PASSWORD/);
	});
});

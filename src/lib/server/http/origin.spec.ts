import { describe, expect, it } from 'vitest';
import { isSafeMethod, originAllowed } from './origin';

describe('originAllowed', () => {
	it('accepts the same origin and configured ones only', () => {
		expect(originAllowed('http://localhost:3000', 'http://localhost:3000', [])).toBe(true);
		expect(originAllowed('https://city.gov', 'http://10.0.0.2:3000', ['https://city.gov'])).toBe(true);
		expect(originAllowed('https://evil.example', 'http://localhost:3000', [])).toBe(false);
		expect(originAllowed('http://localhost:3000.evil.example', 'http://localhost:3000', [])).toBe(false);
	});

	it('refuses a missing or opaque origin', () => {
		expect(originAllowed(null, 'http://localhost:3000', [])).toBe(false);
		expect(originAllowed('null', 'http://localhost:3000', [])).toBe(false);
	});

	it('treats only GET, HEAD and OPTIONS as safe', () => {
		expect(['GET', 'head', 'OPTIONS'].every(isSafeMethod)).toBe(true);
		expect(['POST', 'PUT', 'PATCH', 'DELETE'].some(isSafeMethod)).toBe(false);
	});
});

import { describe, expect, it } from 'vitest';
import { AnalyticsInputError, formatNumber } from './errors';

describe('AnalyticsInputError', () => {
	it('is an Error carrying structured context', () => {
		const e = new AnalyticsInputError('bad', { dimension: 'age', category: '55+' });
		expect(e).toBeInstanceOf(Error);
		expect(e.name).toBe('AnalyticsInputError');
		expect(e.message).toBe('bad');
		expect(e.context).toEqual({ dimension: 'age', category: '55+' });
	});

	it('defaults to an empty context', () => {
		expect(new AnalyticsInputError('x').context).toEqual({});
	});
});

describe('formatNumber', () => {
	it('removes floating-point noise', () => {
		expect(formatNumber(0.1 + 0.2)).toBe('0.3');
		expect(formatNumber(0.34 + 0.33 + 0.31)).toBe('0.98');
		expect(formatNumber(1)).toBe('1');
		expect(formatNumber(Number.NaN)).toBe('NaN');
	});
});

/** The experience-dashboard part of the OpenAPI document (src/lib/server/http/openapi.ts). */
const json = (schema: object) => ({ 'application/json': { schema } });
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];

const measureCell = {
	type: 'object',
	properties: {
		n: { type: 'integer', description: 'Answers to this measure in the period' },
		value: { type: ['number', 'null'], description: 'Percent positive 0..1 (satisfaction, effort) or NPS points; null when suppressed' },
		moe: { type: ['number', 'null'], description: '95% margin of error (fraction, or NPS points)' },
		se: { type: ['number', 'null'], description: 'Standard error of NPS (points)' },
		suppressed: { type: 'boolean', description: 'Fewer answers than minN' },
		comparison: {
			type: ['object', 'null'],
			description: 'Against the previous period of the same row; BH FDR across the view',
			properties: {
				flag: { enum: ['much higher', 'higher', 'similar', 'lower', 'much lower', 'too few responses'] },
				difference: { type: 'number' },
				pValue: { type: ['number', 'null'] },
				adjustedPValue: { type: ['number', 'null'] },
				significant: { type: 'boolean' },
				reason: { type: 'string' }
			}
		}
	}
};
const view = {
	type: 'object',
	properties: {
		by: { enum: ['time', 'department', 'service', 'channel'] },
		rows: {
			type: 'array',
			items: {
				type: 'object',
				properties: {
					group: { type: 'string' },
					periods: {
						type: 'array',
						items: {
							type: 'object',
							properties: {
								period: { type: 'string', description: '2026-03 or 2026-Q1' },
								label: { type: 'string' },
								responses: { type: 'integer' },
								satisfaction: measureCell,
								effort: measureCell,
								nps: measureCell
							}
						}
					}
				}
			}
		}
	}
};

export const experienceSchemas = {
	ExperienceResults: {
		type: 'object',
		required: ['survey', 'granularity', 'periods', 'minN', 'overTime', 'byGroup', 'surveys', 'measures'],
		properties: {
			survey: { type: 'object' },
			measures: { type: 'object', description: 'Question keys of satisfaction, effort and NPS' },
			granularity: { enum: ['month', 'quarter'] },
			periods: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' } } } },
			minN: { type: 'integer' },
			overTime: view,
			byGroup: { type: 'array', items: view },
			surveys: { type: 'array', items: { type: 'object' }, description: "The organization's experience surveys in the group views" }
		}
	}
};

export function experiencePaths(errors: Record<string, object>) {
	return {
		'/surveys/{id}/experience': {
			parameters: idParam,
			get: {
				summary: 'Experience survey: satisfaction, effort and NPS by period and by department / service / channel, with margins and flags',
				responses: {
					'200': { description: 'OK', content: json({ $ref: '#/components/schemas/ExperienceResults' }) },
					'400': { description: 'Not an experience survey', content: json({ $ref: '#/components/schemas/Error' }) },
					'404': { description: 'No such survey in your organization', content: json({ $ref: '#/components/schemas/Error' }) },
					...errors
				}
			}
		}
	};
}

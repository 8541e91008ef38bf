/** The surveys part of the OpenAPI document (src/lib/server/http/openapi.ts). */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const text = { type: 'object', required: ['en', 'es'], additionalProperties: { type: 'string' }, description: 'Text by language code' };
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];

const estimate = {
	type: 'object',
	properties: {
		n: { type: 'integer' },
		mean: { type: ['number', 'null'] },
		meanMoe: { type: ['number', 'null'] },
		percentPositive: { type: ['number', 'null'], description: 'Top-2 box share, 0..1' },
		moe: { type: ['number', 'null'], description: '95% margin of error of percentPositive: 1.96·sqrt(deff·p(1−p)/n)' },
		deff: { type: ['number', 'null'] },
		effectiveN: { type: ['number', 'null'] }
	}
};

/** Results schemas (GET /surveys/{id}/results, margins). */
const resultSchemas = {
	MarginsSpec: {
		type: 'object',
		description: 'dimension → category code → population share (shares of a dimension sum to 1)',
		additionalProperties: { type: 'object', additionalProperties: { type: 'number' } }
	},
	SurveyMargins: {
		type: 'object',
		properties: { dimensions: { type: 'array', items: { type: 'object' } }, margins: ref('MarginsSpec') }
	},
	SurveyResults: {
		type: 'object',
		required: ['survey', 'responses', 'weighting', 'questions', 'highest', 'lowest', 'deviations'],
		properties: {
			survey: { type: 'object' },
			responses: { type: 'integer' },
			previousSurvey: { type: ['object', 'null'] },
			weighting: {
				type: 'object',
				properties: {
					applied: { type: 'boolean' },
					margins: ref('MarginsSpec'),
					error: { type: ['string', 'null'] },
					report: { type: ['object', 'null'], description: 'iterations, converged, deff, effectiveSampleSize, minWeight, maxWeight' }
				}
			},
			questions: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						key: { type: 'string' },
						type: { type: 'string', enum: ['rating5', 'nps'] },
						focusArea: { type: 'string' },
						unweighted: estimate,
						weighted: estimate,
						nps: { type: ['object', 'null'] },
						previous: { type: ['object', 'null'] },
						comparison: {
							type: ['object', 'null'],
							properties: { flag: { type: 'string' }, significant: { type: 'boolean' }, reason: { type: 'string' } }
						},
						benchmark: { oneOf: [ref('BenchmarkComparison'), { type: 'null' }], description: 'The target when set, else the first source' },
						benchmarks: { type: 'array', items: ref('BenchmarkComparison') }
					}
				}
			},
			highest: { type: 'array', items: { type: 'string' } },
			lowest: { type: 'array', items: { type: 'string' } },
			deviations: { type: 'array', items: { type: 'string' } },
			benchmarkDeviations: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						key: { type: 'string' },
						source: { type: 'string' },
						kind: { type: 'string' },
						flag: { type: 'string' },
						reason: { type: 'string' }
					}
				}
			},
			benchmarkSources: { type: 'array', items: { type: 'object' } },
			breakdown: {
				type: ['object', 'null'],
				description: 'Every question by one dimension (`?by=`); cells under `minN` answers have `suppressed: true` and no estimate'
			},
			themes: { type: 'array', items: { type: 'object' }, description: 'Open-text questions: themes with counts and example quotes' }
		}
	},
	BenchmarkComparison: {
		type: 'object',
		properties: {
			source: { type: 'string' },
			kind: { type: 'string', enum: ['target', 'external'] },
			value: { type: 'number', description: 'Fraction' },
			n: { type: ['integer', 'null'] },
			moe: { type: ['number', 'null'] },
			test: { type: 'string', enum: ['two-sample', 'benchmark', 'one-sample'] },
			flag: { type: 'string', enum: ['much higher', 'higher', 'similar', 'lower', 'much lower', 'too few responses'] },
			difference: { type: 'number' },
			pValue: { type: 'number' },
			adjustedPValue: { type: ['number', 'null'] },
			significant: { type: 'boolean' },
			reason: { type: 'string' }
		}
	},
	BenchmarkValue: {
		type: 'object',
		properties: {
			questionKey: { type: 'string' },
			kind: { type: 'string', enum: ['target', 'external'] },
			source: { type: 'string' },
			value: { type: 'number', description: 'Fraction' },
			n: { type: ['integer', 'null'] },
			moe: { type: ['number', 'null'] }
		}
	}
};

export const surveySchemas = {
	...resultSchemas,
	SurveySummary: {
		type: 'object',
		required: ['id', 'kind', 'title', 'status', 'publicUrl'],
		properties: {
			id: { type: 'string' },
			kind: { type: 'string', enum: ['community', 'experience', 'engagement'] },
			title: { type: 'string', description: 'English title' },
			titles: {
				type: 'object',
				description: 'The title in each language residents may choose',
				properties: { en: { type: 'string' }, es: { type: 'string' } }
			},
			status: { type: 'string', enum: ['draft', 'review', 'approved', 'live', 'closed'] },
			publicUrl: { type: 'string', format: 'uri' },
			responses: { type: 'integer' }
		}
	},
	Question: {
		type: 'object',
		required: ['key', 'type', 'required', 'text', 'section'],
		properties: {
			key: { type: 'string' },
			type: {
				type: 'string',
				enum: ['rating5', 'nps', 'single', 'multiple', 'short_text', 'long_text', 'number', 'district', 'demographic']
			},
			required: { type: 'boolean', description: 'Required when visible' },
			text,
			help: text,
			section: { type: 'string' },
			options: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, label: text } } },
			scale: {
				type: 'object',
				properties: { min: { type: 'integer' }, max: { type: 'integer' }, dontKnow: { type: 'boolean', description: 'accepts "dk"' } }
			},
			min: { type: 'number' },
			max: { type: 'number' },
			dimension: { type: 'string', description: 'Weighting dimension a demographic or district question feeds' },
			showIf: {
				type: 'object',
				description: 'Shown only when the earlier answer matches',
				properties: {
					key: { type: 'string' },
					op: { type: 'string', enum: ['eq', 'neq', 'in', 'lte', 'gte'] },
					value: {}
				}
			}
		}
	},
	ResponseInput: {
		type: 'object',
		required: ['uuid', 'answers'],
		properties: {
			uuid: { type: 'string', format: 'uuid', description: 'Made on the device; re-sending the same uuid is safe' },
			answers: {
				type: 'object',
				additionalProperties: true,
				description: 'Question key → value: integer for ratings (1–5, or "dk"), NPS (0–10) and numbers; option code; array of codes; text'
			},
			channel: {
				type: 'string',
				enum: ['web', 'field', 'import', 'api', 'paper'],
				default: 'web',
				description: 'Other than web: staff or an API token'
			},
			language: { type: 'string', default: 'en' },
			token: { type: 'string', description: 'Single-use invitation token (invitation-only surveys)' }
		}
	},
	ResponseResult: {
		type: 'object',
		properties: {
			response: { type: 'object', properties: { uuid: { type: 'string' }, submittedAt: { type: 'string', format: 'date-time' } } },
			duplicate: { type: 'boolean' }
		}
	}
};

export function surveyPaths(errors: Record<string, unknown>) {
	const json = (schema: unknown) => ({ 'application/json': { schema } });
	return {
		'/surveys': {
			get: {
				summary: "The organization's surveys",
				responses: {
					'200': {
						description: 'OK',
						content: json({ type: 'object', properties: { surveys: { type: 'array', items: ref('SurveySummary') } } })
					},
					...errors
				}
			}
		},
		'/surveys/{id}': {
			parameters: idParam,
			get: {
				summary: "The live version's questions",
				responses: {
					'200': {
						description: 'OK',
						content: json({
							type: 'object',
							properties: {
								survey: ref('SurveySummary'),
								version: { type: 'integer' },
								questions: { type: 'array', items: ref('Question') }
							}
						})
					},
					'404': { description: 'No such survey in your organization, or no live version' },
					...errors
				}
			}
		},
		'/surveys/{id}/responses': {
			parameters: idParam,
			post: {
				summary: 'Submit a response (public surveys need no authentication)',
				security: [{}, { bearer: [] }],
				requestBody: { required: true, content: json(ref('ResponseInput')) },
				responses: {
					'201': { description: 'Stored (durably) for the first time', content: json(ref('ResponseResult')) },
					'200': { description: 'The same response again: the original result, duplicate: true', content: json(ref('ResponseResult')) },
					'400': { description: 'Invalid; `fields` names each question key', content: json(ref('Error')) },
					'403': { description: 'Invitation token missing or not valid; channel not allowed', content: json(ref('Error')) },
					'404': { description: 'Unknown survey, or not open', content: json(ref('Error')) },
					'409': { description: 'Same uuid with different content, or invitation already used', content: json(ref('Error')) },
					'410': { description: 'The survey is closed', content: json(ref('Error')) },
					'429': { description: 'Rate limited; see Retry-After', content: json(ref('Error')) }
				}
			}
		},
		'/surveys/{id}/results': {
			parameters: idParam,
			get: {
				summary:
					'Results: per-question estimates, margins of error, comparisons with the previous cycle and benchmarks (BH FDR flags), weighting report, breakdown (?by=), open-text themes',
				responses: {
					'200': { description: 'OK', content: json(ref('SurveyResults')) },
					'404': { description: 'No such survey in your organization', content: json(ref('Error')) },
					...errors
				}
			}
		},
		'/surveys/{id}/results/benchmarks': {
			parameters: idParam,
			get: {
				summary: 'Stored targets and imported benchmark values',
				responses: {
					'200': {
						description: 'OK',
						content: json({ type: 'object', properties: { benchmarks: { type: 'array', items: ref('BenchmarkValue') } } })
					},
					...errors
				}
			},
			post: {
				summary:
					'Import benchmark values from CSV (question_key,value[,n,moe,source]); each source replaces its values (admins and analysts)',
				requestBody: {
					required: true,
					content: json({ type: 'object', required: ['csv'], properties: { csv: { type: 'string' }, source: { type: 'string' } } })
				},
				responses: {
					'200': {
						description: 'Imported',
						content: json({ type: 'object', properties: { sources: { type: 'array' }, values: { type: 'integer' } } })
					},
					'400': {
						description: 'Some lines are invalid; `fields` maps "line N" to the reason; nothing stored',
						content: json(ref('Error'))
					},
					...errors
				}
			}
		},
		'/surveys/{id}/results/targets': {
			parameters: idParam,
			put: {
				summary: 'Set targets in percent per question key (null clears); all or nothing (admins and analysts)',
				requestBody: {
					required: true,
					content: json({
						type: 'object',
						required: ['targets'],
						properties: { targets: { type: 'object', additionalProperties: { type: ['number', 'null'] } } }
					})
				},
				responses: {
					'200': {
						description: 'Stored',
						content: json({ type: 'object', properties: { benchmarks: { type: 'array', items: ref('BenchmarkValue') } } })
					},
					'400': { description: 'Invalid; `fields` names the question or target', content: json(ref('Error')) },
					...errors
				}
			}
		},
		'/surveys/{id}/results/margins': {
			parameters: idParam,
			get: {
				summary: 'Weighting dimensions and population margins',
				responses: { '200': { description: 'OK', content: json(ref('SurveyMargins')) }, ...errors }
			},
			put: {
				summary: 'Replace the population margins (admins and analysts)',
				requestBody: {
					required: true,
					content: json({ type: 'object', required: ['margins'], properties: { margins: ref('MarginsSpec') } })
				},
				responses: {
					'200': { description: 'Stored', content: json(ref('SurveyMargins')) },
					'400': { description: 'Invalid; `fields` names each bad dimension', content: json(ref('Error')) },
					...errors
				}
			}
		},
		'/surveys/{id}/quotas': quotaPath(json, errors)
	};
}

/** Quotas per district or demographic category, with live counts. */
function quotaPath(json: (schema: unknown) => unknown, errors: Record<string, unknown>) {
	const quota = {
		type: 'object',
		required: ['dimension', 'cell', 'target'],
		properties: {
			dimension: { type: 'string', description: "'district' or a demographic dimension (age_band, gender, …) the questionnaire asks" },
			cell: { type: 'string', description: 'A category code of that question' },
			target: { type: 'integer', minimum: 1 }
		}
	};
	const view = {
		type: 'object',
		properties: {
			dimensions: { type: 'array', items: { type: 'object' } },
			progress: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						...quota.properties,
						label: text,
						count: { type: 'integer' },
						percent: { type: 'integer' },
						met: { type: 'boolean' }
					}
				}
			}
		}
	};
	return {
		parameters: idParam,
		get: {
			summary: 'Quotas with the responses counted so far',
			responses: { '200': { description: 'OK', content: json(view) }, ...errors }
		},
		put: {
			summary: 'Replace the quotas (admins and analysts)',
			requestBody: {
				required: true,
				content: json({ type: 'object', required: ['quotas'], properties: { quotas: { type: 'array', items: quota } } })
			},
			responses: {
				'200': { description: 'Stored', content: json(view) },
				'400': { description: 'Invalid; `fields` names each bad row (quotas.<i>.dimension|cell|target)', content: json(ref('Error')) },
				...errors
			}
		}
	};
}

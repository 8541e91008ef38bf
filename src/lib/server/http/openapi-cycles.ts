/** OpenAPI paths of the cycles and action-plan module (merged into openapi.ts). */
const json = (schema: object) => ({ 'application/json': { schema } });

const cycleSummary = {
	type: 'object',
	required: ['id', 'name', 'kind', 'phase', 'checklistDoc', 'planDoc'],
	properties: {
		id: { type: 'string' },
		name: { type: 'string' },
		kind: { type: 'string' },
		phase: { type: 'string', enum: ['planning', 'feedback', 'action', 'followup'] },
		checklistDoc: { type: 'string', description: 'Yjs document name, `checklist:<id>`' },
		planDoc: { type: 'string', description: 'Yjs document name, `actionplan:<id>`' }
	}
};

const progressLog = {
	type: 'object',
	properties: {
		id: { type: 'string' },
		actionId: { type: 'string' },
		note: { type: 'string' },
		status: { type: ['string', 'null'] },
		progress: { type: ['integer', 'null'] },
		location: { type: ['object', 'null'] },
		author: { type: 'string' },
		at: { type: 'string', format: 'date-time' },
		photos: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, url: { type: 'string' } } } }
	}
};

const progressBody = {
	type: 'object',
	properties: {
		note: { type: 'string', maxLength: 4000 },
		status: { type: ['string', 'null'], enum: ['not_started', 'on_track', 'at_risk', 'blocked', 'done', null] },
		progress: { type: ['integer', 'null'], minimum: 0, maximum: 100 },
		location: {
			type: ['object', 'null'],
			properties: { latitude: { type: 'number' }, longitude: { type: 'number' }, accuracy: { type: ['number', 'null'] } }
		}
	}
};

export function cyclePaths(errors: Record<string, object>) {
	return {
		'/cycles': {
			get: {
				summary: "The organization's cycles",
				responses: { '200': { description: 'OK', content: json({ type: 'array', items: cycleSummary }) }, ...errors }
			},
			post: {
				summary: 'Start a cycle (creates its checklist and action plan documents)',
				requestBody: {
					required: true,
					content: json({
						type: 'object',
						required: ['name', 'kind', 'periodStart', 'periodEnd'],
						properties: {
							name: { type: 'string' },
							kind: { type: 'string' },
							periodStart: { type: 'string', format: 'date' },
							periodEnd: { type: 'string', format: 'date' },
							ownerId: { type: 'string' },
							focusAreaIds: { type: 'array', items: { type: 'string' } }
						}
					})
				},
				responses: { '201': { description: 'Created', content: json(cycleSummary) }, ...errors }
			}
		},
		'/cycles/{id}/plan/goals': {
			parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
			post: {
				summary: "Add a goal made from a survey result to the cycle's action plan (the evidence is computed on the server)",
				requestBody: {
					required: true,
					content: json({
						type: 'object',
						required: ['surveyId', 'questionKey', 'title'],
						properties: {
							surveyId: { type: 'string' },
							questionKey: { type: 'string' },
							title: { type: 'string', maxLength: 200 },
							baseline: { type: ['number', 'null'] },
							target: { type: ['number', 'null'] },
							due: { type: ['string', 'null'], format: 'date' },
							focusAreaId: { type: ['string', 'null'] }
						}
					})
				},
				responses: {
					'201': {
						description: 'Added',
						content: json({
							type: 'object',
							properties: { goalId: { type: 'string' }, cycleId: { type: 'string' }, title: { type: 'string' } }
						})
					},
					'404': { description: 'No such cycle, survey or question in your organization' },
					...errors
				}
			}
		},
		'/my/actions': {
			get: {
				summary: 'Actions assigned to the caller across plans, by due date (`?done=1` includes finished ones): `{actions, generatedAt}`',
				responses: { '200': { description: 'OK' }, ...errors }
			}
		},
		'/actions/{id}/progress': {
			parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
			get: {
				summary: "The action's progress logs, newest first",
				responses: { '200': { description: 'OK' }, '404': { description: 'No such action' }, ...errors }
			},
			post: {
				summary: 'Log progress (exactly once per Idempotency-Key)',
				parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 8, maxLength: 128 } }],
				requestBody: {
					required: true,
					content: {
						...json(progressBody),
						'multipart/form-data': {
							schema: {
								type: 'object',
								properties: {
									payload: { type: 'string', description: 'the JSON body' },
									photo: {
										type: 'array',
										items: { type: 'string', format: 'binary' },
										maxItems: 5,
										description: 'JPEG, PNG or WebP, 8 MiB each'
									}
								}
							}
						}
					}
				},
				responses: {
					'201': { description: 'Stored', content: json({ type: 'object', properties: { log: progressLog } }) },
					'200': {
						description: 'A replay of a stored log: the original result',
						content: json({ type: 'object', properties: { log: progressLog } })
					},
					'409': { description: 'The key was used with different content' },
					'413': { description: 'A photo is larger than 8 MiB' },
					...errors
				}
			}
		}
	};
}

/** The OpenAPI 3.1 description of `/api/v1`. Each module adds its paths here as it lands. */
import { ROLES } from '../../domain/auth/roles';
import { surveyPaths, surveySchemas } from './openapi-surveys';
import { cyclePaths } from './openapi-cycles';
import { experiencePaths, experienceSchemas } from './openapi-experience';

const error = {
	type: 'object',
	properties: {
		error: {
			type: 'object',
			required: ['code', 'message'],
			properties: {
				code: { type: 'string' },
				message: { type: 'string' },
				fields: { type: 'object', additionalProperties: { type: 'string' } }
			}
		}
	}
};

const member = {
	type: 'object',
	required: ['id', 'name', 'email', 'role', 'status', 'createdAt'],
	properties: {
		id: { type: 'string' },
		name: { type: 'string' },
		email: { type: 'string', format: 'email' },
		role: { type: 'string', enum: ROLES },
		status: { type: 'string', enum: ['active', 'disabled'] },
		createdAt: { type: 'string', format: 'date-time' }
	}
};

const errors = {
	'400': {
		description: 'Invalid input; `fields` names each bad field',
		content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
	},
	'401': { description: 'Not authenticated', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
	'403': { description: 'Not allowed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
};

export function openApiDocument(origin: string) {
	return {
		openapi: '3.1.0',
		info: {
			title: 'CivicLoop API',
			version: '1',
			description:
				'Same services and access rules as the app. Authenticate with a personal API token: `Authorization: Bearer cl_…` (Settings → Personal API tokens).'
		},
		servers: [{ url: `${origin}/api/v1` }],
		security: [{ bearer: [] }],
		components: {
			securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
			schemas: { Error: error, Member: member, ...surveySchemas, ...experienceSchemas }
		},
		paths: {
			'/me': {
				get: {
					summary: 'The caller and their organization',
					responses: {
						'200': {
							description: 'OK',
							content: {
								'application/json': {
									schema: {
										type: 'object',
										properties: { user: { $ref: '#/components/schemas/Member' }, organization: { type: 'object' } }
									}
								}
							}
						},
						...errors
					}
				}
			},
			'/members': {
				get: {
					summary: "The organization's members",
					responses: {
						'200': {
							description: 'OK',
							content: {
								'application/json': {
									schema: { type: 'object', properties: { members: { type: 'array', items: { $ref: '#/components/schemas/Member' } } } }
								}
							}
						},
						...errors
					}
				},
				post: {
					summary: 'Invite a member (administrators)',
					requestBody: {
						required: true,
						content: {
							'application/json': {
								schema: {
									type: 'object',
									required: ['email', 'role'],
									properties: { email: { type: 'string' }, role: { type: 'string', enum: ROLES } }
								}
							}
						}
					},
					responses: {
						'201': { description: 'Invitation created; `url` is the single-use link' },
						'409': { description: 'E-mail already has an account' },
						...errors
					}
				}
			},
			'/members/{id}': {
				parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
				get: {
					summary: 'One member',
					responses: { '200': { description: 'OK' }, '404': { description: 'No such member in your organization' }, ...errors }
				},
				patch: {
					summary: 'Change role or disable (administrators)',
					requestBody: {
						required: true,
						content: {
							'application/json': {
								schema: {
									type: 'object',
									additionalProperties: false,
									properties: { role: { type: 'string', enum: ROLES }, disabled: { type: 'boolean' } }
								}
							}
						}
					},
					responses: {
						'200': { description: 'OK' },
						'404': { description: 'No such member in your organization' },
						'409': { description: 'Would leave no active administrator' },
						...errors
					}
				}
			},
			...surveyPaths(errors),
			...cyclePaths(errors),
			...experiencePaths(errors)
		}
	};
}

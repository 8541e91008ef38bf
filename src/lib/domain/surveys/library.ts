/**
 * Standard questions to start from: city services, safety, streets, parks, trash, customer
 * service (CSAT, effort, likelihood to recommend) and demographics. Keys are stable so results can
 * be compared across cycles and agencies.
 */
import type { LocalizedText, Option, Question, Questionnaire, Section } from './questionnaire';

const L = (en: string, es: string): LocalizedText => ({ en, es });
const opt = (code: string, en: string, es: string): Option => ({ code, label: L(en, es) });

export const SATISFACTION = [
	L('Very dissatisfied', 'Muy insatisfecho'),
	L('Dissatisfied', 'Insatisfecho'),
	L('Neither satisfied nor dissatisfied', 'Ni satisfecho ni insatisfecho'),
	L('Satisfied', 'Satisfecho'),
	L('Very satisfied', 'Muy satisfecho')
];
export const SAFETY = [
	L('Very unsafe', 'Muy inseguro'),
	L('Unsafe', 'Inseguro'),
	L('Neither safe nor unsafe', 'Ni seguro ni inseguro'),
	L('Safe', 'Seguro'),
	L('Very safe', 'Muy seguro')
];
export const EFFORT = [
	L('Very difficult', 'Muy difícil'),
	L('Difficult', 'Difícil'),
	L('Neither', 'Ni fácil ni difícil'),
	L('Easy', 'Fácil'),
	L('Very easy', 'Muy fácil')
];

function rating(key: string, en: string, es: string, labels = SATISFACTION, focusArea?: string): Question {
	return { key, type: 'rating5', text: L(en, es), labels, dontKnow: true, required: false, ...(focusArea ? { focusArea } : {}) };
}

export type LibraryGroup = 'services' | 'customer' | 'demographics';

export const LIBRARY: { group: LibraryGroup; question: Question }[] = [
	{
		group: 'services',
		question: rating('overall_services', 'Overall quality of city services', 'Calidad general de los servicios de la ciudad')
	},
	{
		group: 'services',
		question: {
			key: 'fix_first',
			type: 'long_text',
			text: L('What should we fix first?', '¿Qué deberíamos mejorar primero?'),
			required: false,
			showIf: { key: 'overall_services', op: 'lte', value: 2 }
		}
	},
	{
		group: 'services',
		question: rating(
			'safety_day',
			'How safe do you feel in your neighborhood during the day?',
			'¿Qué tan seguro se siente en su vecindario durante el día?',
			SAFETY,
			'Public safety'
		)
	},
	{
		group: 'services',
		question: rating(
			'safety_night',
			'How safe do you feel in your neighborhood at night?',
			'¿Qué tan seguro se siente en su vecindario por la noche?',
			SAFETY,
			'Public safety'
		)
	},
	{
		group: 'services',
		question: rating(
			'streets_condition',
			'Condition of streets in your neighborhood',
			'Estado de las calles de su vecindario',
			SATISFACTION,
			'Streets and sidewalks'
		)
	},
	{
		group: 'services',
		question: rating(
			'parks_maintenance',
			'Maintenance of city parks',
			'Mantenimiento de los parques de la ciudad',
			SATISFACTION,
			'Parks and recreation'
		)
	},
	{
		group: 'services',
		question: rating('trash_collection', 'Trash and recycling collection', 'Recolección de basura y reciclaje', SATISFACTION, 'Sanitation')
	},
	{
		group: 'customer',
		question: {
			key: 'csat',
			type: 'rating5',
			text: L('How satisfied are you with the service you received today?', '¿Qué tan satisfecho está con el servicio que recibió hoy?'),
			labels: SATISFACTION,
			dontKnow: false,
			required: true,
			focusArea: 'Customer service'
		}
	},
	{
		group: 'customer',
		question: {
			key: 'effort',
			type: 'rating5',
			text: L('How easy was it to get what you needed?', '¿Qué tan fácil fue obtener lo que necesitaba?'),
			labels: EFFORT,
			dontKnow: false,
			required: false,
			focusArea: 'Customer service'
		}
	},
	{
		group: 'customer',
		question: {
			key: 'nps',
			type: 'nps',
			text: L(
				'How likely are you to recommend this service to a friend or neighbor?',
				'¿Qué tan probable es que recomiende este servicio a un amigo o vecino?'
			),
			lowLabel: L('Not at all likely', 'Nada probable'),
			highLabel: L('Extremely likely', 'Muy probable'),
			required: false
		}
	},
	{
		group: 'customer',
		question: {
			key: 'csat_comment',
			type: 'long_text',
			text: L('What could we have done better?', '¿Qué podríamos haber hecho mejor?'),
			required: false,
			showIf: { key: 'csat', op: 'lte', value: 3 }
		}
	},
	{
		group: 'demographics',
		question: {
			key: 'district',
			type: 'district',
			text: L('Which part of the city do you live in?', '¿En qué parte de la ciudad vive?'),
			options: [],
			required: false
		}
	},
	{
		group: 'demographics',
		question: {
			key: 'age_band',
			type: 'demographic',
			dimension: 'age_band',
			text: L('What is your age?', '¿Cuál es su edad?'),
			required: false,
			options: [
				opt('18-34', '18 to 34', '18 a 34'),
				opt('35-54', '35 to 54', '35 a 54'),
				opt('55-64', '55 to 64', '55 a 64'),
				opt('65+', '65 or older', '65 o más'),
				opt('na', 'Prefer not to say', 'Prefiero no decirlo')
			]
		}
	},
	{
		group: 'demographics',
		question: {
			key: 'gender',
			type: 'demographic',
			dimension: 'gender',
			text: L('What is your gender?', '¿Cuál es su género?'),
			required: false,
			options: [
				opt('woman', 'Woman', 'Mujer'),
				opt('man', 'Man', 'Hombre'),
				opt('other', 'Another gender', 'Otro género'),
				opt('na', 'Prefer not to say', 'Prefiero no decirlo')
			]
		}
	},
	{
		group: 'demographics',
		question: {
			key: 'tenure',
			type: 'demographic',
			dimension: 'tenure',
			text: L('Do you own or rent your home?', '¿Es dueño de su vivienda o la alquila?'),
			required: false,
			options: [
				opt('own', 'Own', 'Dueño'),
				opt('rent', 'Rent', 'Alquilo'),
				opt('other', 'Other', 'Otro'),
				opt('na', 'Prefer not to say', 'Prefiero no decirlo')
			]
		}
	},
	{
		group: 'demographics',
		question: {
			key: 'race_ethnicity',
			type: 'demographic',
			dimension: 'race_ethnicity',
			text: L('Which of these describes you best?', '¿Cuál de estas opciones lo describe mejor?'),
			required: false,
			options: [
				opt('hispanic', 'Hispanic or Latino', 'Hispano o latino'),
				opt('white', 'White', 'Blanco'),
				opt('black', 'Black or African American', 'Negro o afroamericano'),
				opt('asian', 'Asian', 'Asiático'),
				opt('other', 'Another race or more than one', 'Otra raza o más de una'),
				opt('na', 'Prefer not to say', 'Prefiero no decirlo')
			]
		}
	}
];

/** The library question with `key` (a copy), or undefined. */
export function libraryQuestion(key: string): Question | undefined {
	const found = LIBRARY.find((e) => e.question.key === key);
	return found ? structuredClone(found.question) : undefined;
}

function pick(keys: string[]): Question[] {
	return keys.map((k) => libraryQuestion(k)).filter((q): q is Question => !!q);
}

export type SurveyKind = 'community' | 'experience' | 'engagement';

/** A first draft for a new survey of `kind`, from the library; districts fill the district question. */
export function starterQuestionnaire(kind: SurveyKind, title: LocalizedText, districts: Option[]): Questionnaire {
	const withDistricts = (qs: Question[]) => qs.map((q) => (q.type === 'district' ? { ...q, options: districts } : q));
	const about: Section = {
		id: 'about',
		kind: 'core',
		title: L('About you', 'Sobre usted'),
		questions: withDistricts(pick(['district', 'age_band', 'gender', 'tenure', 'race_ethnicity']))
	};
	if (kind === 'experience')
		return {
			schemaVersion: 1,
			title,
			sections: [
				{ id: 'service', kind: 'core', title: L('Your visit', 'Su visita'), questions: pick(['csat', 'effort', 'nps', 'csat_comment']) }
			]
		};
	const core: Section = {
		id: 'services',
		kind: 'core',
		title: L('City services', 'Servicios de la ciudad'),
		questions: pick(['overall_services', 'safety_day', 'safety_night', 'streets_condition', 'parks_maintenance', 'trash_collection'])
	};
	const followup: Section = { id: 'followup', kind: 'followup', title: L('Tell us more', 'Cuéntenos más'), questions: pick(['fix_first']) };
	return { schemaVersion: 1, title, sections: kind === 'community' ? [core, followup, about] : [core, followup] };
}

/**
 * Demo surveys for "Example City": last cycle's closed community survey (~1,500 responses), this
 * cycle's live one (a few hundred so far) and customer-experience surveys fed over the past
 * twelve months by two departments. Synthetic, from a seeded PRNG: districts and age groups
 * differ in realistic ways, and open-text answers come in English and Spanish.
 */
import type { Actor } from '../../domain/auth/policies';
import type { Role } from '../../domain/auth/roles';
import { validateAnswers, type Answers } from '../../domain/surveys/answers';
import { allQuestions, type Questionnaire } from '../../domain/surveys/questionnaire';
import type { AppContext } from '../context';
import { surveyResponses } from '../db/schema';
import { createReportService } from '../results/report';
import { linkDemoCycle } from '../results/report-demo';
import { payloadHash } from './intake';
import { rowUuid } from './import';
import { versionRepo } from './repository';

/** mulberry32: small, fast, good enough for synthetic data; same seed → same demo. */
function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
type Rand = ReturnType<typeof prng>;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(n)));

/** Satisfaction shifts by district (Harbor and Eastfield lag on streets and safety) and age. */
const DISTRICT_SHIFT: Record<string, number> = { D1: 0.3, D2: 0.1, D3: 0.4, D4: -0.4, D5: -0.6 };
const AGE_SHIFT: Record<string, number> = { '18-34': -0.2, '35-54': 0, '55-64': 0.15, '65+': 0.35, na: 0 };
const FIX_EN = [
	'Fix the potholes on our street',
	'More street lights near the park',
	'Pick up trash on time',
	'Faster answers when we call the city',
	'Safer crossings near the school'
];
const FIX_ES = [
	'Arreglar los baches de nuestra calle',
	'Más alumbrado cerca del parque',
	'Recoger la basura a tiempo',
	'Respuestas más rápidas cuando llamamos',
	'Cruces más seguros cerca de la escuela'
];
const CSAT_EN = ['The wait was too long', 'Staff were helpful but the form was confusing', 'I had to come back twice'];
const CSAT_ES = ['La espera fue demasiado larga', 'El personal ayudó pero el formulario era confuso', 'Tuve que volver dos veces'];

function communityAnswers(r: Rand, q: Questionnaire, wave: number): { answers: Answers; lang: string } {
	const lang = r() < 0.22 ? 'es' : 'en';
	const district = pick(r, ['D1', 'D2', 'D3', 'D4', 'D5']);
	const age = pick(r, ['18-34', '35-54', '55-64', '65+', 'na']);
	const base = 3.3 + (DISTRICT_SHIFT[district] ?? 0) + (AGE_SHIFT[age] ?? 0) + wave * 0.15;
	const a: Answers = {
		district,
		age_band: age,
		gender: pick(r, ['woman', 'man', 'woman', 'man', 'other', 'na']),
		tenure: pick(r, ['own', 'own', 'rent', 'rent', 'other'])
	};
	a.race_ethnicity = pick(r, ['hispanic', 'white', 'white', 'black', 'asian', 'other', 'na']);
	for (const qu of allQuestions(q)) {
		if (qu.type !== 'rating5') continue;
		if (r() < 0.05) a[qu.key] = 'dk';
		else a[qu.key] = clamp(base + (qu.key.startsWith('streets') ? -0.5 : 0) + (r() - 0.5) * 2.6, 1, 5);
	}
	if (typeof a.overall_services === 'number' && a.overall_services <= 2) a.fix_first = pick(r, lang === 'es' ? FIX_ES : FIX_EN);
	return { answers: a, lang };
}

function experienceAnswers(r: Rand, shift: number): { answers: Answers; lang: string } {
	const lang = r() < 0.2 ? 'es' : 'en';
	const csat = clamp(3.8 + shift + (r() - 0.5) * 3, 1, 5);
	const a: Answers = { csat, effort: clamp(csat + (r() - 0.5) * 1.5, 1, 5), nps: clamp(csat * 2 + (r() - 0.4) * 3, 0, 10) };
	if (csat <= 3 && r() < 0.6) a.csat_comment = pick(r, lang === 'es' ? CSAT_ES : CSAT_EN);
	return { answers: a, lang };
}

export async function seedSurveyDemo(ctx: AppContext, orgId: string, users: Record<Role, string>): Promise<void> {
	const actor: Actor = { id: users.analyst ?? users.admin, organizationId: orgId, role: 'analyst' };
	const s = ctx.surveys;
	const r = prng(20_260_301);
	const day = 86_400_000;
	const now = Date.now();

	function survey(kind: 'community' | 'experience', title: string, settings: Record<string, string>, close: boolean) {
		const id = s.create(actor, { kind, title, start: 'library' });
		s.updateSettings(actor, id, { title, ...settings });
		for (const action of ['submit', 'approve', 'publish', ...(close ? ['close'] : [])])
			s.act(actor, id, { action, comment: action === 'approve' ? 'Approved by the performance team.' : '' });
		const v = versionRepo.latest(ctx.database.db, id)!;
		return { id, versionId: v.id, q: v.questionnaire as Questionnaire };
	}

	function store(
		sv: { id: string; versionId: string; q: Questionnaire },
		n: number,
		make: (i: number) => { answers: Answers; lang: string },
		when: (i: number) => number,
		channel: 'web' | 'api' | 'paper'
	) {
		const rows: (typeof surveyResponses.$inferInsert)[] = [];
		for (let i = 0; i < n; i++) {
			const { answers, lang } = make(i);
			const check = validateAnswers(sv.q, answers);
			if (!check.ok) continue;
			rows.push({
				surveyId: sv.id,
				organizationId: orgId,
				versionId: sv.versionId,
				responseUuid: rowUuid(sv.id, `demo:${i}`),
				channel: i % 9 === 0 && channel === 'web' ? ('paper' as const) : channel,
				language: lang,
				district: typeof check.answers.district === 'string' ? check.answers.district : null,
				submittedAt: new Date(when(i)),
				answers: check.answers,
				payloadHash: payloadHash(check.answers, channel, lang, undefined)
			});
		}
		ctx.database.tx((t) => {
			for (let i = 0; i < rows.length; i += 500)
				t.insert(surveyResponses)
					.values(rows.slice(i, i + 500))
					.run();
		});
	}

	const last = survey('community', 'Community survey 2025', { responseTarget: '1500' }, true);
	store(
		last,
		1520,
		() => communityAnswers(r, last.q, 0),
		(i) => now - 380 * day + (i / 1520) * 42 * day,
		'web'
	);
	// Its summary report is shared, and this cycle's plan answers its results.
	createReportService(ctx).setSharing(actor, last.id, true, true);
	linkDemoCycle(ctx, orgId, 'Spring community survey cycle', last.id);
	const current = survey(
		'community',
		'Community survey 2026',
		{ responseTarget: '1500', closesAt: new Date(now + 30 * day).toISOString().slice(0, 10) },
		false
	);
	store(
		current,
		340,
		() => communityAnswers(r, current.q, 1),
		(i) => now - 14 * day + (i / 340) * 14 * day,
		'web'
	);
	const departments = [
		{ department: 'Permits and Licensing', service: 'Building permits', channel: 'Counter', shift: -0.3 },
		{ department: 'Utilities', service: 'Water billing', channel: 'Phone', shift: 0.2 }
	];
	for (const d of departments) {
		const sv = survey(
			'experience',
			`After your visit: ${d.service}`,
			{ department: d.department, service: d.service, channel: d.channel },
			false
		);
		store(
			sv,
			720,
			() => experienceAnswers(r, d.shift),
			(i) => now - 365 * day + (i / 720) * 365 * day,
			'api'
		);
	}
}

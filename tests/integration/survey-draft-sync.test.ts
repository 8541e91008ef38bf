/**
 * The co-edited questionnaire draft (`questionnaire:<surveyId>`) with stock WebsocketProviders
 * against the real sync engine and SQLite: seeded once on the server, concurrent edits converge
 * and reach `surveys.draft`, viewers cannot write, approval freezes the document's current state
 * and makes it read-only, a new version brings it back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { readDraft, writeDraft } from '../../src/lib/domain/surveys/doc';
import { addQuestion, updateQuestion } from '../../src/lib/domain/surveys/edit';
import { allQuestions, type Questionnaire } from '../../src/lib/domain/surveys/questionnaire';
import { surveyRepo, versionRepo } from '../../src/lib/server/surveys/repository';
import { CLOSE } from '../../src/lib/sync/protocol';
import { SyncHarness, type TestProvider } from '../helpers/sync-harness';

const edit = (doc: Y.Doc, fn: (q: Questionnaire) => Questionnaire) => writeDraft(doc, fn(readDraft(doc)));
const keys = (doc: Y.Doc) => allQuestions(readDraft(doc)).map((q) => q.key);
const texts = (q: Questionnaire) => new Map(allQuestions(q).map((x) => [x.key, x.text.en]));

describe('co-edited questionnaire draft', () => {
	let h: SyncHarness;
	beforeAll(async () => (h = await SyncHarness.start()));
	afterAll(async () => h?.dispose());

	function setup() {
		const org = h.org();
		const admin = h.member(org, 'admin', 'Ana Admin');
		const analyst = h.member(org, 'analyst', 'Abe Analyst');
		const viewer = h.member(org, 'viewer', 'Vera Viewer');
		const id = h.ctx.surveys.create(admin.actor, { kind: 'community', title: 'Parks survey' });
		const stored = () => surveyRepo.get(h.ctx.database.db, org, id)!;
		return { org, admin, analyst, viewer, id, name: `questionnaire:${id}`, stored };
	}

	async function connected(...ps: TestProvider[]) {
		await Promise.all(ps.map((p) => p.synced()));
	}

	it('seeds the document once from the draft when two clients open it at the same moment', async () => {
		const s = setup();
		const seeded = s.stored().draft as Questionnaire;
		expect(h.ctx.database.sqlite.prepare('select count(*) from sync_documents where name = ?').pluck().get(s.name)).toBe(0);
		const a = h.provider(s.name, s.admin);
		const b = h.provider(s.name, s.analyst);
		await connected(a, b);
		expect(h.ctx.database.sqlite.prepare('select count(*) from sync_documents where name = ?').pluck().get(s.name)).toBe(1);
		expect(h.ctx.database.sqlite.prepare('select count(*) from sync_updates where doc_name = ?').pluck().get(s.name)).toBe(1);
		for (const p of [a, b]) expect(keys(p.doc)).toEqual(allQuestions(seeded).map((q) => q.key));
		a.destroy();
		b.destroy();
	});

	it('merges concurrent offline edits of two editors into the document and into surveys.draft', async () => {
		const s = setup();
		const a = h.provider(s.name, s.admin);
		const b = h.provider(s.name, s.analyst);
		await connected(a, b);
		a.provider.disconnect();
		b.provider.disconnect();
		const first = allQuestions(readDraft(a.doc))[0]!;
		edit(a.doc, (q) => updateQuestion(q, first.key, { ...first, text: { en: 'How are the parks?', es: '¿Cómo están los parques?' } }));
		edit(b.doc, (q) => addQuestion(q, q.sections[0]!.id, { key: 'benches', type: 'short_text', text: { en: 'Benches?', es: '¿Bancos?' } }));
		a.provider.connect();
		b.provider.connect();
		const both = (doc: Y.Doc) => keys(doc).includes('benches') && texts(readDraft(doc)).get(first.key) === 'How are the parks?';
		await Promise.all([a.when(both, 'both edits at A'), b.when(both, 'both edits at B')]);
		await Promise.all([a.allStored(), b.allStored()]);
		expect(readDraft(a.doc)).toEqual(readDraft(b.doc));

		expect(h.sync.rebuildProjection(s.name)).toBe(true);
		const draft = s.stored().draft as Questionnaire;
		expect(texts(draft).get(first.key)).toBe('How are the parks?');
		expect(texts(draft).get('benches')).toBe('Benches?');
		// Idempotent: the same document writes nothing new.
		const updatedAt = s.stored().updatedAt.getTime();
		expect(h.docs.projectQuestionnaire(s.name, a.doc)).toBe(false);
		expect(s.stored().updatedAt.getTime()).toBe(updatedAt);
		a.destroy();
		b.destroy();
	});

	it("drops a viewer's updates: never stored, never relayed", async () => {
		const s = setup();
		const ed = h.provider(s.name, s.admin);
		const v = h.provider(s.name, s.viewer);
		await connected(ed, v);
		const before = h.sync.stats().readOnlyDropped;
		edit(v.doc, (q) => addQuestion(q, q.sections[0]!.id, { key: 'by_viewer', type: 'short_text', text: { en: 'V', es: 'V' } }));
		await until(() => h.sync.stats().readOnlyDropped > before);
		// A later write by the editor arrives at the viewer; the viewer's never reached anyone.
		edit(ed.doc, (q) => addQuestion(q, q.sections[0]!.id, { key: 'by_editor', type: 'short_text', text: { en: 'E', es: 'E' } }));
		await ed.allStored();
		await v.when((d) => keys(d).includes('by_editor'), 'editor change at viewer');
		expect(keys(ed.doc)).not.toContain('by_viewer');
		const server = h.ctx.surveys.currentDraft(s.stored());
		expect(allQuestions(server).map((q) => q.key)).toContain('by_editor');
		expect(allQuestions(server).map((q) => q.key)).not.toContain('by_viewer');
		ed.destroy();
		v.destroy();
	});

	it('freezes what the document holds at approval, then refuses changes until a new version starts', async () => {
		const s = setup();
		const a = h.provider(s.name, s.admin);
		await connected(a);
		edit(a.doc, (q) => addQuestion(q, q.sections[0]!.id, { key: 'last_minute', type: 'short_text', text: { en: 'Late', es: 'Tarde' } }));
		await a.allStored();
		// No wait for the debounced projection: approval reads the document itself.
		const kicked = a.closed();
		h.ctx.surveys.act(s.admin.actor, s.id, { action: 'submit' });
		expect((await kicked).code).toBe(CLOSE.accessChanged);
		h.ctx.surveys.act(s.admin.actor, s.id, { action: 'approve', comment: 'ok' });
		const v1 = versionRepo.latest(h.ctx.database.db, s.id)!;
		expect(allQuestions(v1.questionnaire as Questionnaire).map((q) => q.key)).toContain('last_minute');
		expect(allQuestions(s.stored().draft as Questionnaire).map((q) => q.key)).toContain('last_minute');

		// Reconnected read-only: an edit now is dropped and the frozen state stays.
		await a.synced();
		const dropped = h.sync.stats().readOnlyDropped;
		edit(a.doc, (q) => addQuestion(q, q.sections[0]!.id, { key: 'too_late', type: 'short_text', text: { en: 'X', es: 'X' } }));
		await until(() => h.sync.stats().readOnlyDropped > dropped);
		expect(allQuestions(h.ctx.surveys.currentDraft(s.stored())).map((q) => q.key)).not.toContain('too_late');
		// (The editor page offers no editing while read-only; this client's refused change would be
		// sent again once it may write, like any offline edit, so it leaves now.)
		a.destroy();

		// A new version: the document is the latest frozen version again, and writable.
		const b = h.provider(s.name, s.analyst);
		await connected(b);
		h.ctx.surveys.act(s.admin.actor, s.id, { action: 'revise' });
		await b.closed();
		await b.synced();
		edit(b.doc, (q) => addQuestion(q, q.sections[0]!.id, { key: 'second_version', type: 'short_text', text: { en: 'Two', es: 'Dos' } }));
		await b.allStored();
		h.sync.rebuildProjection(s.name);
		const draft = allQuestions(s.stored().draft as Questionnaire).map((q) => q.key);
		expect(draft).toContain('second_version');
		expect(draft).toContain('last_minute');
		expect(draft).not.toContain('too_late');
		b.destroy();
	});

	it('keeps the title in English and Spanish: created, changed in settings through the document, shown to residents', async () => {
		const org = h.org();
		const admin = h.member(org, 'admin');
		const id = h.ctx.surveys.create(admin.actor, { kind: 'community', title: 'Parks', title_es: 'Parques' });
		expect(h.ctx.surveys.list(admin.actor).find((x) => x.id === id)!.titles).toEqual({ en: 'Parks', es: 'Parques' });
		const p = h.provider(`questionnaire:${id}`, admin);
		await p.synced();
		expect(readDraft(p.doc).title).toEqual({ en: 'Parks', es: 'Parques' });

		h.ctx.surveys.updateSettings(admin.actor, id, { title: 'Parks 2026', title_es: 'Parques 2026' });
		await p.when((d) => readDraft(d).title.es === 'Parques 2026', 'settings title in the document');
		expect(readDraft(p.doc).title).toEqual({ en: 'Parks 2026', es: 'Parques 2026' });
		expect(h.ctx.surveys.get(admin.actor, id).titles).toEqual({ en: 'Parks 2026', es: 'Parques 2026' });

		// A title edited in the document reaches the staff list through the projection.
		edit(p.doc, (q) => ({ ...q, title: { en: 'Parks and paths', es: 'Parques y senderos' } }));
		await p.allStored();
		h.sync.rebuildProjection(`questionnaire:${id}`);
		expect(h.ctx.surveys.list(admin.actor).find((x) => x.id === id)!.titles).toEqual({ en: 'Parks and paths', es: 'Parques y senderos' });
		p.destroy();

		for (const action of ['submit', 'approve', 'publish'] as const) h.ctx.surveys.act(admin.actor, id, { action });
		const slug = surveyRepo.get(h.ctx.database.db, org, id)!.slug;
		expect(h.ctx.surveys.resident.bySlug(slug).questionnaire!.title).toEqual({ en: 'Parks and paths', es: 'Parques y senderos' });
		// Frozen: settings may rename the staff name, the Spanish title stays with the version.
		h.ctx.surveys.updateSettings(admin.actor, id, { title: 'Parks (staff name)', title_es: 'Otro' });
		expect(h.ctx.surveys.resident.bySlug(slug).questionnaire!.title.es).toBe('Parques y senderos');
	});

	it('does not open another organization’s questionnaire', async () => {
		const s = setup();
		const outsider = h.member(h.org(), 'admin');
		const p = h.provider(s.name, outsider);
		expect((await p.closed()).code).toBe(CLOSE.forbidden);
		p.destroy();
		expect(h.ctx.database.sqlite.prepare('select count(*) from sync_documents where name = ?').pluck().get(s.name)).toBe(0);
	});
});

/** Polls a server counter that has no event of its own (a wait, not a sleep-then-assert). */
function until(check: () => boolean, ms = 10_000): Promise<void> {
	return new Promise((ok, ko) => {
		const started = Date.now();
		const t = setInterval(() => {
			if (check()) {
				clearInterval(t);
				ok();
			} else if (Date.now() - started > ms) {
				clearInterval(t);
				ko(new Error('timed out'));
			}
		}, 5);
	});
}

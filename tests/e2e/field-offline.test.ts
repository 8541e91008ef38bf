/**
 * Field follow-up with no signal, in Chromium with a persistent profile (service worker, cache
 * storage and IndexedDB as on a phone):
 *  - a field worker signs in online and never opens My actions; offline, My actions (full load
 *    and in-app navigation), an action's page with its log form and the plan of their action open;
 *  - a progress log with a photo queued offline shows in the action's timeline as waiting, with a
 *    thumbnail from the photo kept on the device; back online it is delivered exactly once and the
 *    server's copy replaces the thumbnail; the photo was resized to JPEG on the phone first.
 * No sleeps: every wait polls the page or the API.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAction, addGoal } from '../../src/lib/domain/plan/doc';
import { createCycle, DocClient, eventually } from '../helpers/cycles';
import { PHONE, axe, describeViolations, launchPersistent, openNav, uiSignIn } from '../helpers/e2e';
import { addMember, setupOrganization, signIn, type Client, type RunningServer, startServer } from '../helpers/server';

const WAIT = { timeout: 30_000, interval: 100 };
const FIELD = { email: 'fede@test.gov', password: 'member password 1' };

let server: RunningServer;
let admin: Client;
let ctx: BrowserContext;
let page: Page;
let cycleId = '';
let fieldUserId = '';

async function accessible(p: Page, label: string) {
	const v = await axe(p);
	expect(v, `${label}:\n${describeViolations(v)}`).toEqual([]);
}

/** Width × height of a baseline or progressive JPEG (its SOF segment). */
function jpegSize(buf: Buffer): { width: number; height: number } | null {
	if (buf[0] !== 0xff || buf[1] !== 0xd8) return null;
	let i = 2;
	while (i + 9 < buf.length) {
		if (buf[i] !== 0xff) return null;
		const marker = buf[i + 1]!;
		const len = buf.readUInt16BE(i + 2);
		if (marker >= 0xc0 && marker <= 0xc3) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
		i += 2 + len;
	}
	return null;
}

const logsOnServer = async () =>
	((await (await admin.request(`/api/v1/actions/field-a1/progress`)).json()) as { logs: { note: string; photos: { url: string }[] }[] })
		.logs;

beforeAll(async () => {
	server = await startServer();
	admin = await setupOrganization(server);
	const field = await addMember(server, admin, FIELD.email, 'field', FIELD.password);
	fieldUserId = ((await (await field.request('/api/v1/me')).json()) as { user: { id: string } }).user.id;
	const cycle = await createCycle(admin, { name: 'Summer field cycle' });
	cycleId = cycle.id;
	const writer = new DocClient(server, admin, cycle.planDoc);
	await writer.synced();
	writer.doc.transact(() => {
		addGoal(writer.doc, { id: 'field-g1', title: 'Safer crossings' });
		addAction(writer.doc, 'field-g1', { id: 'field-a1', title: 'Repaint the school crossing', owner: fieldUserId, due: '2030-01-01' });
		addAction(writer.doc, 'field-g1', { id: 'field-a2', title: 'Count the morning traffic', owner: null });
	});
	await writer.allStored();
	writer.destroy();
	// The projection (My actions reads it) follows the document a moment later.
	const fieldApi = await signIn(server, FIELD.email, FIELD.password);
	await eventually(
		async () => ((await (await fieldApi.request('/api/v1/my/actions')).json()) as { actions: unknown[] }).actions.length,
		(n) => n === 1,
		'the action in My actions'
	);
	ctx = await launchPersistent(PHONE);
	page = ctx.pages()[0] ?? (await ctx.newPage());
});
afterAll(async () => {
	await ctx?.close();
	await server?.dispose();
});

describe('field follow-up with no signal', () => {
	it('opens My actions, an action and its plan offline on a device that never visited them', async () => {
		await uiSignIn(page, server.url, FIELD.email, FIELD.password);
		// The shell keeps the field pages on the device after sign-in; nothing navigates to them.
		await expect.poll(() => page.evaluate((id) => localStorage.getItem(`civicloop:offline-ready:${id}`), fieldUserId), WAIT).not.toBeNull();
		expect(page.url()).toMatch(/\/home/);
		// As on a phone after its first visit, the service worker controls the page.
		await page.evaluate(async () => {
			if (!navigator.serviceWorker.controller)
				await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
		});

		await ctx.setOffline(true);
		// In-app navigation: no server round trip, the list kept on the device.
		await openNav(page, 'My actions');
		await expect.poll(() => page.getByTestId('my-actions').textContent(), WAIT).toContain('Repaint the school crossing');
		expect(await page.getByTestId('from-device').textContent()).toContain('No connection');

		// A full load of the page (the service worker's copy).
		await page.goto(`${server.url}/my/actions`);
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe('My actions');
		const card = page.locator('[data-action-id="field-a1"]');
		expect(await card.textContent()).toContain('Repaint the school crossing');
		expect(await page.locator('[data-action-id]').count()).toBe(1);
		await card.locator('summary', { hasText: 'Log progress' }).click();
		await expect.poll(() => card.getByLabel(/What was done/).isVisible(), WAIT).toBe(true);
		await accessible(page, 'my actions (offline)');

		// The action's own page, with its log form.
		await card.getByRole('link', { name: 'Repaint the school crossing' }).click();
		await page.waitForURL(/\/my\/actions\/field-a1$/);
		await expect.poll(() => page.getByRole('heading', { name: 'Log progress' }).isVisible(), WAIT).toBe(true);
		expect(await page.getByLabel(/What was done/).isVisible()).toBe(true);

		// The plan of the action, from the copy kept on the device.
		await page.goto(`${server.url}/cycles/${cycleId}/plan`);
		await expect.poll(() => page.locator('[data-goal-id="field-g1"] .name').textContent(), WAIT).toBe('Safer crossings');
		expect(await page.getByText('has not been opened on this device before').count()).toBe(0);
		expect(await page.getByTestId('plan-progress').textContent()).toContain('0 of 2 action(s) done');
	});

	it('shows a photo logged offline from the device until the server has it, then the server copy, once', async () => {
		await page.goto(`${server.url}/my/actions/field-a1`);
		await expect.poll(() => page.getByRole('heading', { name: 'Log progress' }).isVisible(), WAIT).toBe(true);
		// A 2400×1200 PNG "from the camera", drawn in the page.
		const png = Buffer.from(
			await page.evaluate(async () => {
				const c = document.createElement('canvas');
				c.width = 2400;
				c.height = 1200;
				const g = c.getContext('2d')!;
				g.fillStyle = '#2a7';
				g.fillRect(0, 0, 2400, 1200);
				g.fillStyle = '#fff';
				g.fillRect(600, 300, 1200, 600);
				const blob = await new Promise<Blob>((ok) => c.toBlob((b) => ok(b!), 'image/png'));
				return [...new Uint8Array(await blob.arrayBuffer())];
			})
		);
		await page.getByLabel(/What was done/).fill('Repainted the north half');
		await page.getByLabel(/Progress %/).fill('50');
		await page.getByLabel('Photos (up to 5)').setInputFiles({ name: 'crossing.png', mimeType: 'image/png', buffer: png });
		await page.getByRole('button', { name: 'Log progress' }).click();

		const pending = page.getByTestId('pending-log');
		await expect.poll(() => pending.count(), WAIT).toBe(1);
		expect(await pending.textContent()).toContain('Repainted the north half');
		expect(await pending.textContent()).toContain('Waiting to be sent');
		const thumb = pending.locator('img');
		await expect
			.poll(() => thumb.evaluate((img: HTMLImageElement) => img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0), WAIT)
			.toBe(true);
		// Resized on the phone before it was queued: the thumbnail is the stored JPEG.
		expect(await thumb.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([1600, 800]);
		await accessible(page, 'action timeline (pending)');
		expect(await logsOnServer()).toEqual([]);

		await ctx.setOffline(false);
		await expect.poll(async () => (await logsOnServer()).length, WAIT).toBe(1);
		await expect.poll(() => pending.count(), WAIT).toBe(0);
		const serverImg = page.locator('[data-testid=logs] .log img');
		await expect
			.poll(
				() => serverImg.evaluate((img: HTMLImageElement) => img.src.includes('/uploads/') && img.complete && img.naturalWidth > 0),
				WAIT
			)
			.toBe(true);
		expect(await page.locator('[data-testid=logs] .log').textContent()).toContain('Repainted the north half');
		expect(await page.locator('[data-testid=logs] .log').textContent()).toContain('50%');

		const [log] = await logsOnServer();
		expect(log).toMatchObject({ note: 'Repainted the north half' });
		expect(log!.photos).toHaveLength(1);
		const stored = await admin.request(log!.photos[0]!.url);
		expect(stored.headers.get('content-type')).toBe('image/jpeg');
		const bytes = Buffer.from(await stored.arrayBuffer());
		expect(jpegSize(bytes)).toEqual({ width: 1600, height: 800 });
		expect(bytes.length).toBeLessThan(png.length);

		// Reloading, and going off and on line again, never sends it twice.
		await page.reload();
		await ctx.setOffline(true);
		await ctx.setOffline(false);
		await expect.poll(() => page.getByTestId('logs').locator('.log').count(), WAIT).toBe(1);
		expect(await logsOnServer()).toHaveLength(1);
	});
});

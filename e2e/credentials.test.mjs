// A verifiable microcredential from course to an officer's phone: an
// administrator records NAEM and its badges; a class 2 teacher at the char
// school in Chilmari finishes the course and tries its task in class with
// her head teacher's encouragement, and finds both badges in her backpack;
// Digital Bazaar's verifier accepts the credentials; the officer opens the
// verifier once online, then with the network off scans her QR link and
// reads "valid, issued by NAEM" in Bangla; a changed QR and, after NAEM
// revokes the badge, the revoked one say so, still offline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { BASE, launch, phoneOn } from './browser.mjs';
import { call, api, courseWithTask, logIn, placeInChilmari, verifiedAtSchool } from './chilmari.mjs';
import { check } from './credential-check.mjs';

const ADMIN = { phone: process.env.BATAYON_ADMIN_PHONE, password: process.env.BATAYON_ADMIN_PASSWORD };
const HEAD = { phone: process.env.BATAYON_HEAD_PHONE, password: process.env.BATAYON_HEAD_PASSWORD };
const OFFICER = { phone: process.env.BATAYON_OFFICER_PHONE, password: process.env.BATAYON_OFFICER_PASSWORD };
const teacher = { name: 'শাহনাজ পারভীন', phone: '019' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'), password: 'shikkhok123' };
let browser;

before(async () => {
  browser = await launch();
  mkdirSync('screenshots', { recursive: true });
});
after(async () => { await browser?.close(); });

function phone() {
  return phoneOn(browser);
}

async function submit(page, formSelector) {
  await Promise.all([page.waitForLoadState(), page.click(`${formSelector} button`)]);
}

/// The officer's phone, offline, opens the link the QR code carries.
async function scanOffline(officer, link) {
  await officer.context.setOffline(true);
  // A fresh page load, as a camera app opening the link would make.
  await officer.page.goto('about:blank');
  await officer.page.goto(link);
  await officer.page.waitForSelector('#offline-check[data-status]');
  const text = await officer.page.textContent('#offline-check');
  const status = await officer.page.getAttribute('#offline-check', 'data-status');
  await officer.context.setOffline(false);
  return { status, text };
}

test('a badge earned by course and supported practice verifies on the officer\'s phone, online and offline', async () => {
  assert.ok(ADMIN.phone && HEAD.phone && OFFICER.phone, 'the test script makes an administrator, a head teacher and an officer');
  const { course, task } = await courseWithTask();

  // The administrator records NAEM and two badges: the course, and one supported try in class.
  const admin = await phone();
  await logIn(admin.page, ADMIN);
  await admin.page.goto(`${BASE}/issuers`);
  await admin.page.fill('#f-short', 'NAEM');
  await admin.page.fill('#f-name', 'জাতীয় শিক্ষা ব্যবস্থাপনা একাডেমি');
  await submit(admin.page, 'form[action="/issuers"]');
  assert.match(admin.page.url(), /\/issuers\/\d+$/);
  const issuerUrl = admin.page.url();
  const badge = async (name, rule, extra) => {
    await admin.page.goto(issuerUrl);
    await admin.page.fill('#f-aname', name);
    await admin.page.fill('#f-adesc', 'চিলমারীর শিক্ষকদের জন্য');
    await admin.page.fill('#f-crit', 'শর্ত পূরণ করলে');
    await admin.page.selectOption('#f-comp', 'TC7');
    await admin.page.selectOption('#f-rule', rule);
    for (const [field, value] of Object.entries(extra)) await admin.page.fill(field, value);
    await submit(admin.page, 'form[action$="/achievements"]');
    assert.match(admin.page.url(), /\/achievements\/\d+$/, await admin.page.textContent('main'));
  };
  await badge('ভগ্নাংশ কোর্স সম্পন্ন', 'course', { '#f-course': String(course) });
  await badge('শ্রেণিতে সমর্থিত অনুশীলন', 'practice', { '#f-count': '1' });

  // She signs up at the char school, finishes the course and tries the task with her class.
  const her = await phone();
  await her.page.goto(`${BASE}/signup`);
  await her.page.fill('#f-name', teacher.name);
  await her.page.fill('#f-phone', teacher.phone);
  await her.page.fill('#f-password', teacher.password);
  await her.page.click('form[action="/signup"] button.primary');
  await her.page.waitForURL('**/profile/edit?welcome=1');
  await placeInChilmari(her.page, true);
  await verifiedAtSchool(teacher);
  const { token } = await api('/api/v1/auth/login', { login: teacher.phone, password: teacher.password });
  await call('PUT', `/api/v1/courses/${course}/enrolment`, undefined, token);
  await call('PUT', `/api/v1/activities/${task}/progress`, { done: true }, token);
  const log = await api('/api/v1/practice-logs', { activity_id: task, class_number: 2 }, token);
  const today = new Date(Date.now() + 6 * 3600e3).toISOString().slice(0, 10);
  await call('PUT', `/api/v1/practice-logs/${log.id}`, { activity_id: task, class_number: 2, tried_on: today, what_done: 'শিশুরা জোড়ায় কাগজ ভাঁজ করল', response: 'সবাই অর্ধেক দেখাল', reflection: 'হাতে-কলমে সহজ হলো', change_next: 'রঙিন কাগজ আনব' }, token);
  const headPhone = await phone();
  await logIn(headPhone.page, HEAD);
  await placeInChilmari(headPhone.page, true);
  await verifiedAtSchool(HEAD);
  const head = await api('/api/v1/auth/login', { login: HEAD.phone, password: HEAD.password });
  await api(`/api/v1/practice-logs/${log.id}/notes`, { kind: 'encouragement' }, head.token);

  // Her backpack has both badges; the practice one opens its check and card.
  await her.page.goto(`${BASE}/backpack`);
  const pack = await her.page.textContent('main');
  assert.match(pack, /ভগ্নাংশ কোর্স সম্পন্ন/);
  assert.match(pack, /শ্রেণিতে সমর্থিত অনুশীলন/);
  await her.page.click('a:has-text("শ্রেণিতে সমর্থিত অনুশীলন")');
  await her.page.waitForSelector('#verdict');
  assert.equal(await her.page.getAttribute('#verdict', 'data-status'), 'valid');
  assert.match(await her.page.textContent('#verdict'), /বৈধ, NAEM কর্তৃক প্রদত্ত/);
  const checked = await her.page.textContent('main');
  assert.match(checked, /শ্রেণিতে চেষ্টা/);
  assert.doesNotMatch(checked, /tried in class|[0-9]{4}-[0-9]{2}-[0-9]{2}|[০-৯]{4}-[০-৯]{2}/, 'Bangla evidence and days in words');
  await her.page.screenshot({ path: 'screenshots/credential-verify-360.png', fullPage: true });
  const link = await her.page.getAttribute('a.qr-link', 'href');
  const publicId = new URL(link).pathname.split('/').pop();
  const card = await her.page.request.get(`${BASE}/verify/${publicId}/card.pdf`);
  assert.equal(card.headers()['content-type'], 'application/pdf');

  // An independent implementation accepts it; a changed character does not.
  const credential = await (await fetch(`${BASE}/credentials/${publicId}`)).json();
  assert.deepEqual(await check(credential), { verified: true, revoked: false, error: null });
  const changed = structuredClone(credential);
  changed.credentialSubject.identifier[0].identityHash = teacher.name.replace('শাহনাজ', 'শাহনাস');
  assert.equal((await check(changed)).verified, false);

  // The officer opens the verifier once online; then, offline, scans her card.
  const officer = await phone();
  await logIn(officer.page, OFFICER);
  await officer.page.goto(`${BASE}/verify`);
  await officer.page.evaluate(() => navigator.serviceWorker.ready);
  await officer.page.reload();
  await officer.page.waitForSelector('#offline-check[data-synced]', { state: 'attached' });
  const valid = await scanOffline(officer, link);
  assert.equal(valid.status, 'valid', valid.text);
  assert.match(valid.text, /বৈধ, NAEM কর্তৃক প্রদত্ত/);
  assert.match(valid.text, /প্রদানের তারিখ: [০-৯]{1,2} \S+ [০-৯]{4}/, 'the day in words, offline too');
  assert.match(valid.text, new RegExp(teacher.name));
  await officer.page.screenshot({ path: 'screenshots/credential-offline-360.png', fullPage: true });
  const [payload, signature] = new URL(link).hash.slice(1).split('.');
  const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
  forged.to = 'অন্য কেউ';
  const forgedLink = link.replace(payload, Buffer.from(JSON.stringify(forged)).toString('base64url'));
  assert.ok(forgedLink.endsWith(signature));
  assert.equal((await scanOffline(officer, forgedLink)).status, 'invalid', 'a changed QR does not pass');

  // NAEM revokes it; once the officer's phone has been online, offline says revoked.
  await admin.page.goto(`${BASE}/verify/${publicId}`);
  await admin.page.fill('#f-reason', 'প্রমাণ ভুল পাওয়া গেছে');
  await submit(admin.page, 'form[action$="/revoke"]');
  assert.equal(await admin.page.getAttribute('#verdict', 'data-status'), 'revoked');
  assert.deepEqual(await check(credential), { verified: false, revoked: true, error: null });
  await officer.page.goto(`${BASE}/verify`);
  await officer.page.waitForSelector('#offline-check[data-synced]', { state: 'attached' });
  const revoked = await scanOffline(officer, link);
  assert.equal(revoked.status, 'revoked', revoked.text);
  assert.match(revoked.text, /বাতিল/);
});

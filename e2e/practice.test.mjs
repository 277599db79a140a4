// From course to classroom on a phone: a class 2 teacher at a char school
// in Chilmari plans a try, logs it with a photo; her head teacher comments,
// encourages and records an observation, and she sees all three; the
// upazila officer sees the school's practice rate rise; the school's
// circle meets and what the teacher will try becomes a plan in her journal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { BASE, launch, phoneOn } from './browser.mjs';
import { courseWithTask, logIn, placeInChilmari, verifiedAtSchool } from './chilmari.mjs';

const AUTHOR = { phone: process.env.BATAYON_AUTHOR_PHONE };
const HEAD = { phone: process.env.BATAYON_HEAD_PHONE, password: process.env.BATAYON_HEAD_PASSWORD };
const OFFICER = { phone: process.env.BATAYON_OFFICER_PHONE, password: process.env.BATAYON_OFFICER_PASSWORD };
const SCHOOL = 'চিলমারী নয়ারহাট চর সরকারি প্রাথমিক বিদ্যালয়';
let browser;
const teacher = { name: 'রোকেয়া খাতুন', phone: '017' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'), password: 'shikkhok123' };
let entryUrl;

before(async () => {
  browser = await launch();
  mkdirSync('screenshots', { recursive: true });
});
after(async () => { await browser?.close(); });

function phone() {
  return phoneOn(browser);
}

/// "৬৭%" as 67 ("" as 0).
function percent(text) {
  return text ? Number(text.replace(/[০-৯]/g, (d) => '০১২৩৪৫৬৭৮৯'.indexOf(d)).replace('%', '')) : 0;
}

/// The school's rate on the officer's dashboard ("" while it has no row).
async function schoolRate(page) {
  await page.goto(`${BASE}/practice/dashboard`);
  const row = page.locator('#heat tr', { hasText: SCHOOL });
  return (await row.count()) ? (await row.locator('td').nth(1).textContent()).trim() : '';
}

test('a teacher logs a try with a photo; her head teacher encourages and observes; the officer sees the rate rise', async () => {
  assert.ok(HEAD.phone && OFFICER.phone && AUTHOR.phone, 'the test script makes a head teacher, an officer and a course author');
  const { course, task } = await courseWithTask();
  const officer = await phone();
  // Her place, Chilmari, was assigned when the test script made her account (not by her profile).
  await logIn(officer.page, OFFICER);
  const before = await schoolRate(officer.page);
  // Other journeys (the badge journey) may have practised at this school already.
  assert.ok(percent(before) < 100, `room to rise: ${before}`);

  const head = await phone();
  await logIn(head.page, HEAD);
  await placeInChilmari(head.page, true);
  await verifiedAtSchool(HEAD);

  const her = await phone();
  await her.page.goto(`${BASE}/signup`);
  await her.page.fill('#f-name', teacher.name);
  await her.page.fill('#f-phone', teacher.phone);
  await her.page.fill('#f-password', teacher.password);
  await her.page.click('form[action="/signup"] button.primary');
  await her.page.waitForURL('**/profile/edit?welcome=1');
  await placeInChilmari(her.page, true);
  await verifiedAtSchool(teacher);
  // She finishes the module's classroom task, and plans to try it: which class, when.
  await her.page.goto(`${BASE}/courses/${course}`);
  await her.page.click('form[action$="/enrol"] button');
  await her.page.goto(`${BASE}/learn/activities/${task}`);
  await her.page.click(`form[action="/learn/activities/${task}/done"] button`);
  await her.page.goto(`${BASE}/learn/activities/${task}`);
  await her.page.click(`a[href="/practice/plan?activity=${task}"]`);
  assert.equal(await her.page.inputValue('#f-title'), 'কাগজ ভাঁজ করে অর্ধেক', 'the plan starts from the activity');
  await her.page.selectOption('#f-class', '2');
  await her.page.click('form[action="/practice/plan"] button.primary');
  await her.page.waitForURL(/\/practice\/logs\/\d+$/);
  entryUrl = her.page.url();
  assert.match(await her.page.textContent('article'), /পরিকল্পিত/);
  // Log what happened, with a photo of the class.
  const photo = await her.page.screenshot();
  await her.page.fill('#f-what', 'শিশুরা জোড়ায় কাগজ ভাঁজ করে অর্ধেক বানাল।');
  await her.page.fill('#f-response', 'সবাই আগ্রহ নিয়ে করল; দুজন নিজেরাই চার ভাগ করে দেখাল।');
  await her.page.fill('#f-reflection', 'হাতে-কলমে কাজে ভগ্নাংশ সহজ হলো।');
  await her.page.fill('#f-change', 'পরের বার রঙিন কাগজ আনব।');
  await her.page.setInputFiles('#f-photo', { name: 'class.png', mimeType: 'image/png', buffer: photo });
  await her.page.click('#log button.primary');
  await her.page.waitForURL(entryUrl);
  // The photo is lazy and decodes after the page settles: scroll to it and wait for its pixels.
  const src = await her.page.getAttribute('img.practice-photo', 'src');
  const served = await her.page.request.get(new URL(src, BASE).href);
  assert.equal(served.status(), 200, 'the photo is served to its owner');
  assert.equal(served.headers()['content-type'], 'image/jpeg', 'the photo is stored as a small JPEG');
  await her.page.locator('img.practice-photo').scrollIntoViewIfNeeded();
  await her.page.waitForFunction(() => {
    const img = document.querySelector('img.practice-photo');
    return img && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 10000 });

  // The head teacher finds it on the school's board, comments, encourages, observes.
  await head.page.goto(`${BASE}/practice/school`);
  await head.page.click(`a[href="${new URL(entryUrl).pathname}"]`);
  await head.page.fill('#f-body', 'খুব ভালো চেষ্টা! শিক্ষক সভায় সবাইকে দেখাবেন।');
  await head.page.click('#notes button[value="comment"]');
  await head.page.waitForURL(entryUrl);
  await head.page.click('#notes button[value="encouragement"]');
  await head.page.waitForURL(entryUrl);
  assert.match(await head.page.textContent('#observe'), /দুই ভাগ সমান কি না/, 'the observer sees the activity\'s steps');
  await head.page.check('input[name="check"][value="steps"]');
  await head.page.check('input[name="check"][value="all_children"]');
  await head.page.fill('#f-onote', 'শেষে শিশুরা কী শিখল জিজ্ঞেস করলে আরও ভালো হবে।');
  await head.page.click('#observe button.primary');
  await head.page.waitForURL(entryUrl);

  // She sees both, in her own journal.
  await her.page.goto(entryUrl);
  const notes = await her.page.textContent('#notes');
  assert.match(notes, /খুব ভালো চেষ্টা/);
  assert.match(notes, /👏/);
  const observed = await her.page.textContent('#observations');
  assert.match(observed, /✓ কাজের ধাপগুলো মানা হয়েছে/);
  assert.match(observed, /– শিশুরা নিজের চিন্তা বুঝিয়ে বলেছে/);
  await her.page.screenshot({ path: 'screenshots/practice-entry.png', fullPage: true });
  const width = await her.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the entry fits a 360 px phone (${width})`);

  // The upazila officer sees the school's practice rate rise.
  const afterRate = await schoolRate(officer.page);
  assert.ok(percent(afterRate) > percent(before), `the rate rose: ${before} → ${afterRate}`);
  await officer.page.screenshot({ path: 'screenshots/practice-dashboard.png', fullPage: true });
  for (const p of [officer, head, her]) await p.context.close();
});

test('a circle meeting turns what a teacher will try into a plan in her journal', async () => {
  const head = await phone();
  await logIn(head.page, HEAD);
  await head.page.goto(`${BASE}/practice/circles`);
  await head.page.check('input[name="kind"][value="school"]');
  await head.page.fill('#f-cname', 'নয়ারহাট শিখন সার্কেল');
  await head.page.click('#new-circle button.primary');
  await head.page.waitForURL(/\/practice\/circles\/\d+$/);
  assert.match(await head.page.textContent('#members'), new RegExp(teacher.name), 'the school\'s teachers are members');
  await head.page.locator('input[name="topic"]').first().fill('কাগজ ভাঁজে ভগ্নাংশ: অভিজ্ঞতা');
  await head.page.click('#meetings button.primary');
  await head.page.waitForURL(/\/practice\/meetings\/\d+$/);
  const member = head.page.locator('fieldset.member-record', { hasText: teacher.name });
  await member.locator('input[type="checkbox"]').check();
  await member.locator('input[name="try"]').fill('রঙিন কাগজে চার ভাগ');
  await member.locator('select[name="item"]').selectOption('1');
  await member.locator('select[name="class"]').selectOption('2');
  await head.page.fill('#f-shared', 'রোকেয়া আপা তাঁর ক্লাসের অভিজ্ঞতা বললেন।');
  await head.page.click('#record button.primary');
  await head.page.waitForSelector('#record ul');
  assert.match(await head.page.textContent('#record'), /রঙিন কাগজে চার ভাগ/);
  await head.page.screenshot({ path: 'screenshots/practice-meeting.png', fullPage: true });

  const her = await phone();
  await logIn(her.page, teacher);
  await her.page.goto(`${BASE}/practice`);
  const planned = her.page.locator('li.practice-entry', { hasText: 'রঙিন কাগজে চার ভাগ' });
  assert.equal(await planned.count(), 1, 'the "will try" is a plan in her journal');
  assert.match(await planned.textContent(), /পরিকল্পিত/);
  for (const p of [head, her]) await p.context.close();
});

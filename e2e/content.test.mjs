// A teacher shares a lesson from a phone — once through the resumable
// (tus) upload with JavaScript on, surviving a dropped connection, once
// through the plain form with JavaScript off — and another teacher finds
// it on its chapter page, rates it and comments on it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, launch, ownAddress } from './browser.mjs';

let browser;

before(async () => {
  browser = await launch();
});
after(async () => { await browser?.close(); });

const phoneNumber = () => '018' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');

// A small valid PDF, written like the Rust tests write theirs.
function pdf(text) {
  const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${body}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  offsets.forEach((o) => { out += `${String(o).padStart(10, '0')} 00000 n \n`; });
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Padding in a comment makes the file span several 1 MB upload pieces.
  return Buffer.concat([Buffer.from(out), Buffer.from('%' + 'x'.repeat(2_500_000) + '\n')]);
}

async function signUp(context, name) {
  const page = await context.newPage();
  const phone = phoneNumber();
  await page.goto(`${BASE}/signup`);
  await page.fill('#f-name', name);
  await page.fill('#f-phone', phone);
  await page.fill('#f-password', 'shikkhok123');
  await page.click('form[action="/signup"] button.primary');
  await page.waitForURL('**/profile/edit?welcome=1');
  return page;
}

async function share(javaScriptEnabled, title) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled, extraHTTPHeaders: ownAddress() });
  const page = await signUp(context, 'আপলোডকারী শিক্ষক');
  const dir = join(tmpdir(), `batayon-e2e-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ভগ্নাংশ.pdf');
  writeFileSync(file, pdf(title));

  let dropped = 0;
  if (javaScriptEnabled) {
    // The second piece of the upload is lost, as on a flaky 2G link.
    await page.route('**/api/v1/uploads/*', async (route) => {
      if (route.request().method() === 'PATCH' && dropped === 0 && route.request().headers()['upload-offset'] !== '0') {
        dropped += 1;
        return route.abort('connectionreset');
      }
      return route.continue();
    });
  }
  await page.click('header details.menu > summary');
  await page.click('header nav a[href="/contents/new"]');
  await page.setInputFiles('#f-file', file);
  await page.fill('#f-title', title);
  await page.fill('#f-description', 'দলে বসে সমাধান করার কার্যপত্র।');
  await page.selectOption('#f-chapter_id', { label: '৬. ভগ্নাংশ' });
  await page.fill('#f-tags', 'ভগ্নাংশ, কার্যপত্র');
  await page.click('#share-form button.primary');
  await page.waitForURL('**/contents/*?shared=1*', { timeout: 60_000 });
  if (javaScriptEnabled) assert.equal(dropped, 1, 'a piece was lost and sent again');
  assert.match(await page.textContent('h1'), new RegExp(title));
  const url = page.url().split('?')[0];
  await context.close();
  return url;
}

async function findRateAndComment(contentUrl, title) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, extraHTTPHeaders: ownAddress() });
  const page = await signUp(context, 'পাঠক শিক্ষক');
  await page.goto(`${BASE}/curriculum`);
  await page.click('text=পঞ্চম শ্রেণি');
  await page.click('h2 a:has-text("গণিত")');
  await page.click('a:has-text("ভগ্নাংশ")');
  await page.click(`a:has-text("${title}")`);
  assert.equal(page.url().split('?')[0], contentUrl);
  const download = await page.textContent('a.button.primary[download]');
  assert.match(download, /MB/, 'the size is shown before tapping');

  await page.check('form.stars input[value="4"]');
  await page.click('form.stars button');
  await page.waitForURL('**#rating');
  assert.match(await page.textContent('#rating'), /৪\.০/);

  await page.fill('#f-body', 'চমৎকার কার্যপত্র, কাল ক্লাসে ব্যবহার করব।');
  await page.click('#comments form:last-of-type button');
  await page.waitForURL('**#comment-*');
  assert.match(await page.textContent('#comments'), /চমৎকার কার্যপত্র/);
  await context.close();
}

test('a lesson uploaded with JavaScript survives a dropped connection and is found, rated and commented', async () => {
  const title = 'Fractions worksheet ' + Date.now();
  const url = await share(true, title);
  await findRateAndComment(url, title);
});

test('the same works through the plain form with JavaScript off', async () => {
  const title = 'Plain form worksheet ' + Date.now();
  const url = await share(false, title);
  await findRateAndComment(url, title);
});

// The chapter suggestions take their own room and close once a chapter is
// chosen; the chosen chapter is spelled out with its class and subject.
test('a chosen chapter suggestion closes, uncovers the description and names class and subject', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, extraHTTPHeaders: ownAddress() });
  const page = await signUp(context, 'অধ্যায় বাছাইকারী শিক্ষক');
  await page.goto(`${BASE}/contents/new`);
  await page.fill('#f-title', 'মূলদ ও অমূলদ সংখ্যা');
  const chip = page.locator('#chapter-suggestions button.chip').first();
  await chip.waitFor({ state: 'visible', timeout: 10_000 });
  await chip.click();
  assert.equal(await page.locator('#chapter-suggestions').isHidden(), true, 'the list closes after a tap');
  assert.notEqual(await page.inputValue('#f-chapter_id'), '', 'the chapter is chosen');
  const chosen = (await page.textContent('#chapter-chosen')).trim();
  assert.match(chosen, /^শ্রেণি [০-৯]+ · [^·]+ · অধ্যায় [০-৯]+: .+/, `class, subject and chapter: ${chosen}`);
  const description = page.locator('#f-description');
  await description.scrollIntoViewIfNeeded();
  assert.equal(await description.isVisible(), true);
  const onTop = await page.evaluate(() => {
    const box = document.getElementById('f-description').getBoundingClientRect();
    const el = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return el && el.id;
  });
  assert.equal(onTop, 'f-description', 'nothing covers the description box');
  await description.click();
  await page.keyboard.type('সপ্তম শ্রেণির পাঠ');
  assert.equal(await page.inputValue('#f-description'), 'সপ্তম শ্রেণির পাঠ', 'it takes her words');

  // Escape closes a list that is open.
  await page.selectOption('#f-chapter_id', '');
  await page.fill('#f-title', 'বাস্তব সংখ্যা ও সেট');
  const again = page.locator('#chapter-suggestions button.chip').first();
  await again.waitFor({ state: 'visible', timeout: 10_000 });
  await page.focus('#f-title');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#chapter-suggestions').isHidden(), true, 'Escape closes the list');
  await context.close();
});

// A new teacher past her hour's writing limit, on a phone: the blog's
// autosave says it is the limit and when she may write again (not the
// connection), and her words stay on the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, phoneOn } from './browser.mjs';

let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('autosave past the writing limit names the limit and the time, not the connection', async () => {
  const { context, page } = await phoneOn(browser, true);
  await page.goto(`${BASE}/signup`);
  await page.fill('#f-name', 'নতুন লেখিকা');
  await page.fill('#f-phone', '016' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'));
  await page.fill('#f-password', 'shikkhok123');
  await page.click('form[action="/signup"] button.primary');
  await page.waitForURL('**/profile/edit?welcome=1');

  // A new account writes five things an hour: five questions use them up.
  const csrf = await page.getAttribute('meta[name=csrf-token]', 'content');
  for (let n = 1; n <= 5; n++) {
    const r = await page.request.post(`${BASE}/api/v1/questions`, {
      headers: { 'X-CSRF-Token': csrf },
      data: { title: `চরের স্কুলে বর্ষার ক্লাস নিয়ে প্রশ্ন ${n}`, body: 'নৌকা দেরিতে এলে প্রথম পাঠটা কীভাবে আবার নেব?' },
    });
    assert.equal(r.status(), 201, await r.text());
  }

  await page.goto(`${BASE}/posts/new`);
  const title = 'নৌকার স্কুলে একদিন';
  await page.fill('#f-title', title);
  await page.fill('#f-body', 'সকালে নদী পার হয়ে শিশুরা এল, ভেজা খাতা শুকিয়ে নিয়ে পাঠ শুরু হলো।');
  const status = page.locator('#autosave-status');
  await status.filter({ hasText: 'সীমা' }).waitFor({ timeout: 15000 });
  const said = await status.textContent();
  assert.match(said, /সীমা পূর্ণ/, said);
  assert.match(said, /(ভোর|সকাল|দুপুর|বিকেল|সন্ধ্যা|রাত) [০-৯]{1,2}:[০-৯]{2}/, `names the time: ${said}`);
  assert.doesNotMatch(said, /সংযোগ/, `does not blame the connection: ${said}`);
  assert.equal(await page.inputValue('#f-title'), title, 'her words stay');
  await context.close();
});

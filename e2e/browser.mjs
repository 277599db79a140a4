// Debian's Chromium for the journeys, with the flags this closed network needs.
import { chromium } from 'playwright-core';

export const BASE = process.env.BATAYON_URL ?? 'http://127.0.0.1:8080';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

// Each phone in a journey comes from an address of its own, as real
// teachers do: the portal behind its (loopback) proxy takes the client
// address from X-Forwarded-For (the test script starts it with
// --behind-proxy), so sign-up limits count per phone.
export function ownAddress() {
  const n = () => 1 + Math.floor(Math.random() * 250);
  return { 'X-Forwarded-For': `10.${n()}.${n()}.${n()}` };
}

// A small Android phone's screen.
export const PHONE = { width: 360, height: 740 };

// A phone of its own (its own address and cookies), JavaScript on unless told.
export async function phoneOn(browser, javaScriptEnabled = true) {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled, deviceScaleFactor: 2, extraHTTPHeaders: ownAddress() });
  return { context, page: await context.newPage() };
}

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

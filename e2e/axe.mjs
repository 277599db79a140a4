// axe-core in a journey's page: its violations, each with its impact.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/// The page as it is now, checked by axe (put in through the DevTools
/// protocol: the portal's CSP rightly refuses inline scripts).
export async function axeViolations(page) {
  await page.evaluate(source);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

/// One violation on a line: its impact, rule, help and first elements.
export function described(v) {
  return `${v.impact} ${v.id} (${v.help}): ${v.targets.join(' | ')}`;
}

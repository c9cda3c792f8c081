// contract.mjs: compares the codes of the OpenAPI description (bundled as
// JSON) with those the contract's tables name. Usage: node contract.mjs
// SPEC.json CONTRACT.md. Prints each difference; exits 1 when there is any.
import { readFileSync } from 'node:fs';

const [specPath, contractPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, 'utf8'));
const contract = readFileSync(contractPath, 'utf8');
const schemas = spec.components.schemas;
let problems = 0;

// The rows of the Markdown table that follows the line starting with header.
function tableRows(header) {
  const lines = contract.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  if (start < 0) throw new Error(`the contract has no table "${header}"`);
  const rows = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

// Every `code` quoted in a piece of Markdown.
function quoted(text) {
  return [...text.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
}

function same(what, got, want) {
  const g = [...new Set(got)].sort();
  const w = [...new Set(want)].sort();
  if (JSON.stringify(g) === JSON.stringify(w)) return;
  problems++;
  console.log(`${what}: the description has [${g.join(', ')}], the contract [${w.join(', ')}]`);
}

const errorRows = tableRows('| status | code | when |');
same('error codes', schemas.Error.properties.error.properties.code.enum,
  errorRows.flatMap((r) => quoted(r[1])));

// Each status of the error table is answered by some operation, or named in
// the description of the API (404 and 405 concern no single operation).
const statuses = new Set();
for (const item of Object.values(spec.paths))
  for (const op of Object.values(item))
    for (const s of Object.keys(op.responses ?? {})) statuses.add(s);
for (const [status] of errorRows)
  if (!statuses.has(status) && !spec.info.description.includes(`${status} `)) {
    problems++;
    console.log(`status ${status} of the contract appears nowhere in the description`);
  }

const statusRows = tableRows('| status | meaning |');
same('result statuses', schemas.TransactionResult.properties.status.enum,
  statusRows.map((r) => quoted(r[0])[0]));
const rejected = statusRows.find((r) => r[0] === '`rejected`');
same('rejection reasons', schemas.TransactionResult.properties.reason.enum,
  quoted(rejected[1]).filter((c) => c !== 'reason'));

const fieldRows = tableRows('| field | meaning |');
same('transaction fields', Object.keys(schemas.Transaction.properties),
  fieldRows.map((r) => quoted(r[0])[0]));
const types = fieldRows.find((r) => r[0] === '`type`');
same('transaction types', schemas.Transaction.properties.type.enum,
  quoted(types[1]));
const methods = fieldRows.find((r) => r[0] === '`payment_method`');
same('payment methods', schemas.Transaction.properties.payment_method.enum,
  quoted(methods[1]).filter((c) => !['deposit', 'payout', 'sale', 'refund'].includes(c)));

const flagText = contract.slice(contract.indexOf('carries `flags`'));
same('flags', schemas.Flag.enum,
  quoted(flagText.slice(0, flagText.indexOf('A flagged posting'))).filter((c) => c !== 'flags'));

const example = contract.match(/"accounts": \[\s*(\{[^}]*\})/);
same('account fields', Object.keys(schemas.Account.properties),
  Object.keys(JSON.parse(example[1])));
const page = contract.match(/```json\n(\{\n  "currency"[\s\S]*?\n\})\n```/);
same('feed page fields', Object.keys(schemas.FeedPage.properties),
  Object.keys(JSON.parse(page[1])));

if (problems) {
  console.log(`${problems} difference(s) from the contract`);
  process.exit(1);
}
console.log('the description names what the contract names');

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { CsvProblem, readCsvRecords } from './records.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'opendata-records-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string | Buffer) => {
  const p = path.join(dir, `${n++}.csv`);
  writeFileSync(p, content);
  return p;
};

async function read(p: string, chunkSize?: number): Promise<{ records: string[][]; lines: number[]; bytes: number }> {
  const out = { records: [] as string[][], lines: [] as number[], bytes: 0 };
  for await (const b of readCsvRecords(p, (x) => (out.bytes += x), chunkSize)) {
    out.records.push(...b.records);
    out.lines.push(...b.lines);
  }
  return out;
}

async function problem(p: string, chunkSize?: number): Promise<CsvProblem> {
  try {
    await read(p, chunkSize);
  } catch (e) {
    if (e instanceof CsvProblem) return e;
    throw e;
  }
  assert.fail('no problem');
}

const SAMPLE = '\uFEFFID,名称,メモ\r\n1,髙橋ｸﾘﾆｯｸ,"a, b"\r\n2,"引用""符""","二行\r\nにわたる"\r\n\r\n3,,\r\n4,最後,改行なし';
const EXPECTED = [
  ['ID', '名称', 'メモ'],
  ['1', '髙橋ｸﾘﾆｯｸ', 'a, b'],
  ['2', '引用"符"', '二行\nにわたる'],
  ['3', '', ''],
  ['4', '最後', '改行なし'],
];

test('records with their lines: quotes, a quoted line break, CRLF, a blank line, a BOM dropped, no final newline', async () => {
  const p = file(SAMPLE);
  const r = await read(p);
  assert.deepEqual(r.records, EXPECTED);
  assert.deepEqual(r.lines, [1, 2, 3, 6, 7]);
  assert.equal(r.bytes, Buffer.byteLength(SAMPLE));
});

test('the same records whatever the chunk size: a chunk may end inside a character, a line or a quoted field', async () => {
  const p = file(SAMPLE);
  for (const size of [1, 2, 3, 5, 7, 16, 64]) {
    const r = await read(p, size);
    assert.deepEqual(r.records, EXPECTED, `chunk ${size}`);
    assert.deepEqual(r.lines, [1, 2, 3, 6, 7], `chunk ${size}`);
  }
  assert.deepEqual((await read(file('a,b\n1,2\n'), 2)).records, [
    ['a', 'b'],
    ['1', '2'],
  ]);
  assert.deepEqual((await read(file(''))).records, []);
});

test('what is not CSV: a quote never closed, a stray quote, bytes that are not UTF-8 — with the line', async () => {
  const unclosed = await problem(file('a,b\n1,"open\n2,3\n'));
  assert.deepEqual([unclosed.line, unclosed.problem], [2, 'quote_unclosed']);
  const stray = await problem(file('a,b\n1,2\n3,"x"y\n'));
  assert.deepEqual([stray.line, stray.problem], [3, 'unreadable']);
  assert.match(stray.detail, /Invalid Closing Quote/);
  const sjis = await problem(file(Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from([0x82, 0xa0]), Buffer.from('\n')])), 4);
  assert.deepEqual([sjis.line, sjis.problem], [3, 'not_utf8']);
  const long = await problem(file(`a\n"${'x\n'.repeat(300)}`));
  assert.deepEqual([long.line, long.problem], [2, 'quote_unclosed'], 'a quote left open does not swallow the file');
});

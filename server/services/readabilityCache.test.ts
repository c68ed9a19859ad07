import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JSONContent } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { scoreText } from '../../shared/readability';
import { readSectionsFromYDoc } from '../../shared/sections';
import type { Logger } from '../logger';
import { sectionIndexOf } from '../collab/sectionIndex';
import { openDatabase, type SqliteDatabase } from '../storage/database';
import { buildPolicyUpdate } from './policyDocuments';
import { MAX_STORED_SCORES, ReadabilityStore, sectionReadability, textKey } from './readabilityCache';

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function database(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-readability-'))): { db: SqliteDatabase; dataDir: string } {
  const db = openDatabase(dataDir);
  cleanups.push(() => {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { db, dataDir };
}

const storedCount = (db: SqliteDatabase) => (db.prepare('SELECT COUNT(*) AS count FROM section_readability').get() as { count: number }).count;
const stored = (db: SqliteDatabase, text: string) =>
  db.prepare<[Buffer], { grade: number; reading_ease: number }>('SELECT grade, reading_ease FROM section_readability WHERE text_hash = ?').get(Buffer.from(textKey(text), 'base64'));

/** A text no other test (in this process-wide memory) has scored. */
let unique = 0;
const freshText = (words = 'Ask before you post a photo of a colleague.') => `${words} Note ${(unique += 1)} of ${process.pid}-${Date.now()}.`;

function documentOf(sections: JSONContent[]): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, buildPolicyUpdate({ type: 'doc', content: [{ type: 'title', content: [{ type: 'text', text: 'T' }] }, ...sections] }));
  cleanups.push(() => doc.destroy());
  return doc;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000 && !done(); turn += 1) await nextTurn();
  expect(done()).toBe(true);
}

describe('reading level remembered by the text', () => {
  it('scores a section as scoreText does, and equal texts share one score', () => {
    const text = 'Ask before you post a photo of a colleague. Never share a customer’s details.';
    const first = sectionReadability({ text });
    expect(first).toEqual({ grade: scoreText(text).grade, readingEase: scoreText(text).readingEase });
    expect(sectionReadability({ text })).toBe(first);
    const other = sectionReadability({ text: 'Notwithstanding the foregoing provisions hereinafter set forth, employees shall ascertain compliance.' });
    expect(other.grade).toBeGreaterThan(first.grade);
  });

  it('prime stores what it scores, and a fresh store reads it back instead of scoring', async () => {
    const { db, dataDir } = database();
    const texts = [freshText(), freshText('Notwithstanding the foregoing provisions hereinafter set forth, employees shall ascertain compliance.')];
    await new ReadabilityStore(db, quiet).prime(texts.map((text) => ({ text })));
    expect(storedCount(db)).toBe(2);
    for (const text of texts) expect(stored(db, text)).toEqual({ grade: scoreText(text).grade, reading_ease: scoreText(text).readingEase });

    // A row on disk wins over scoring: change it, and a text not in memory is answered from it.
    const onlyOnDisk = freshText();
    db.prepare('INSERT INTO section_readability (text_hash, grade, reading_ease) VALUES (?, ?, ?)').run(Buffer.from(textKey(onlyOnDisk), 'base64'), 42.5, -7);
    db.close();
    const reopened = openDatabase(dataDir);
    cleanups.push(() => reopened.close());
    await new ReadabilityStore(reopened, quiet).prime([{ text: onlyOnDisk }]);
    expect(sectionReadability({ text: onlyOnDisk })).toEqual({ grade: 42.5, readingEase: -7 });
    expect(storedCount(reopened)).toBe(3);
  });

  it('keeps at most MAX_STORED_SCORES rows, forgetting the oldest', async () => {
    const { db } = database();
    const insert = db.prepare('INSERT INTO section_readability (text_hash, grade, reading_ease) VALUES (randomblob(32), 1, 1)');
    db.transaction(() => {
      for (let row = 0; row < MAX_STORED_SCORES; row += 1) insert.run();
    })();
    const oldest = (db.prepare('SELECT MIN(id) AS id FROM section_readability').get() as { id: number }).id;
    const text = freshText();
    await new ReadabilityStore(db, quiet).prime([{ text }]);
    expect(storedCount(db)).toBe(MAX_STORED_SCORES);
    expect(db.prepare('SELECT 1 FROM section_readability WHERE id = ?').get(oldest)).toBeUndefined();
    expect(stored(db, text)).toBeDefined();
  });

  it('a storage that refuses the write still answers, from memory', async () => {
    const { db } = database();
    const warnings: string[] = [];
    const store = new ReadabilityStore(db, { ...quiet, warn: (event) => void warnings.push(event) });
    db.exec('CREATE TRIGGER refuse BEFORE INSERT ON section_readability BEGIN SELECT RAISE(ABORT, "disk says no"); END;');
    const text = freshText();
    await store.prime([{ text }]);
    expect(warnings).toEqual(['readability.write_failed']);
    expect(sectionReadability({ text })).toEqual({ grade: scoreText(text).grade, readingEase: scoreText(text).readingEase });
    expect(storedCount(db)).toBe(0);
  });

  it('scores in slices, letting the event loop run between them', async () => {
    const { db } = database();
    const long = Array.from({ length: 6 }, () => ({ text: Array.from({ length: 5 }, () => freshText('Never share a customer’s details, even when the customer has shared them first, and ask before you post.')).join('\n') }));
    let turns = 0;
    let counting = true;
    const count = () => {
      if (!counting) return;
      turns += 1;
      setImmediate(count);
    };
    setImmediate(count);
    // Slices of 0 ms: one section each, so six slices with a turn between each two.
    await new ReadabilityStore(db, quiet, 0).prime(long);
    counting = false;
    expect(storedCount(db)).toBe(6);
    // Each turn that ran between slices is one moment other requests could be served.
    expect(turns).toBeGreaterThanOrEqual(5);
    for (const { text } of long) expect(sectionReadability({ text })).toEqual({ grade: scoreText(text).grade, readingEase: scoreText(text).readingEase });
  });

  it("warm scores an opened document's sections in the background, a few per turn, and stops on close", async () => {
    const { db } = database();
    const texts = Array.from({ length: 40 }, () => freshText());
    const content = texts.map((text, index) => ({
      type: 'policySection',
      attrs: { id: `s-${index}`, owner: 'communications', approvers: '' },
      content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `Heading ${index}` }] }, { type: 'paragraph', content: [{ type: 'text', text }] }],
    }));
    const doc = documentOf(content);
    const sections = readSectionsFromYDoc(doc);
    expect(sections).toHaveLength(40);

    const store = new ReadabilityStore(db, quiet);
    store.warm(doc);
    expect(storedCount(db)).toBe(0); // nothing on the caller's turn
    await until(() => storedCount(db) === 40);
    // The keys are those of the texts readSections gives, so the policy page finds them.
    for (const section of sections) expect(stored(db, section.text)).toBeDefined();

    const other = documentOf(content.map((section) => ({ ...section, content: [section.content[0]!, { type: 'paragraph', content: [{ type: 'text', text: freshText() }] }] })));
    store.warm(other);
    store.close();
    for (let turn = 0; turn < 20; turn += 1) await nextTurn();
    expect(storedCount(db)).toBe(40);
  });

  it("warm takes an open room's texts from its section index, the same texts readSections gives", async () => {
    const { db } = database();
    const texts = Array.from({ length: 12 }, () => freshText());
    const doc = documentOf(
      texts.map((text, index) => ({
        type: 'policySection',
        attrs: { id: `s-${index}`, owner: 'communications', approvers: '' },
        content: [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `Heading ${index}` }] }, { type: 'paragraph', content: [{ type: 'text', text }] }],
      })),
    );
    // What SignoffService.roomOpened does when a room opens.
    const read = sectionIndexOf(doc).sections();
    const store = new ReadabilityStore(db, quiet);
    store.warm(doc);
    await until(() => storedCount(db) === 12);
    for (const section of readSectionsFromYDoc(doc)) expect(stored(db, section.text)).toBeDefined();
    expect(read.map((section) => section.text)).toEqual(readSectionsFromYDoc(doc).map((section) => section.text));
  });
});

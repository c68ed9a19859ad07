import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { JSONContent } from '@tiptap/core';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { scoreText } from '../../shared/readability';
import { DOCUMENT_FIELD, nodeText } from '../../shared/sections';
import type { Logger } from '../logger';
import type { SqliteDatabase } from '../storage/database';
import { existingSectionIndex } from '../collab/sectionIndex';

/** The part of a section's reading level the policy page and exports show. */
export interface ReadingLevel {
  grade: number;
  readingEase: number;
}

const MAX_ENTRIES = 20_000;
/** Rows kept in `section_readability`; the oldest go first (a score is only ever recomputed, never lost). */
export const MAX_STORED_SCORES = 50_000;
/**
 * Scoring runs in slices of about this long, with a turn of the event loop between them, so no
 * request or edit waits long behind it (a section of 40 KB of text takes ~20 ms by itself).
 */
export const SCORING_SLICE_MS = 15;

/** Scores by the SHA-256 of the section's text (base64): one process-wide memory, since a score depends on the text alone. */
const scores = new Map<string, ReadingLevel>();

/** The key of a text's score: scoring is a pure function of the text, so equal texts share one. */
export function textKey(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

function remembered(key: string): ReadingLevel | undefined {
  const known = scores.get(key);
  if (known) {
    // Refresh its place, so the entries forgotten first are the ones not asked for longest.
    scores.delete(key);
    scores.set(key, known);
  }
  return known;
}

function remember(key: string, level: ReadingLevel): void {
  scores.set(key, level);
  if (scores.size > MAX_ENTRIES) scores.delete(scores.keys().next().value!);
}

function score(text: string): ReadingLevel {
  const { grade, readingEase } = scoreText(text);
  return { grade, readingEase };
}

/**
 * The reading level of a section, remembered by its text: a section's score changes only when
 * its text does, so reading a 300-section policy scores only the sections that changed.
 * Oldest entries are forgotten first once MAX_ENTRIES are held. `ReadabilityStore.prime`
 * fills this memory from disk first, so scores also survive a restart.
 */
export function sectionReadability(section: { text: string }): ReadingLevel {
  const key = textKey(section.text);
  const known = remembered(key);
  if (known) return known;
  const level = score(section.text);
  remember(key, level);
  return level;
}

/** A section's text as `readSections` gives it, read from the section's element alone. */
function sectionText(section: Y.XmlElement): string {
  // The converter reads any type with children; given a section it gives the section's blocks.
  const blocks = (yXmlFragmentToProsemirrorJSON(section as unknown as Y.XmlFragment) as JSONContent).content ?? [];
  return blocks.map(nodeText).join('\n');
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reading levels on disk (`section_readability`, keyed by the SHA-256 of the text), so the first
 * request after a restart does not score every section again: scoring a 300-section policy takes
 * 100–300 ms, reading its 300 scores about 1 ms. Scores are written when first computed here and
 * warmed in the background when a document is opened. It is a cache: a failing read or write
 * costs only a rescore.
 */
export class ReadabilityStore {
  private readonly select;
  private readonly insert;
  private readonly prune;
  private readonly insertAll;
  private closed = false;

  constructor(
    db: SqliteDatabase,
    private readonly logger: Logger,
    /** How long one slice of scoring may run (at least one section is scored per slice). */
    private readonly sliceMs = SCORING_SLICE_MS,
  ) {
    this.select = db.prepare<[string], { text_hash: Buffer; grade: number; reading_ease: number }>(
      'SELECT text_hash, grade, reading_ease FROM section_readability WHERE text_hash IN (SELECT unhex(value) FROM json_each(?))',
    );
    this.insert = db.prepare<[Buffer, number, number]>('INSERT OR IGNORE INTO section_readability (text_hash, grade, reading_ease) VALUES (?, ?, ?)');
    this.prune = db.prepare<[number]>('DELETE FROM section_readability WHERE id <= (SELECT MAX(id) FROM section_readability) - ?');
    this.insertAll = db.transaction((entries: readonly { key: string; level: ReadingLevel }[]) => {
      for (const { key, level } of entries) this.insert.run(Buffer.from(key, 'base64'), level.grade, level.readingEase);
      this.prune.run(MAX_STORED_SCORES);
    });
  }

  /**
   * Makes `sectionReadability` answer from memory for every one of these sections: reads the
   * scores it does not hold from disk in one query, then scores the rest in slices of
   * SCORING_SLICE_MS with a turn of the event loop between them, storing each slice in one
   * transaction. Resolves at once (in the same turn) when nothing needs scoring.
   */
  async prime(sections: readonly { text: string }[]): Promise<void> {
    const missing = new Map<string, string>();
    for (const { text } of sections) {
      const key = textKey(text);
      if (!remembered(key)) missing.set(key, text);
    }
    if (missing.size === 0) return;
    this.load(missing);
    const pending = [...missing];
    while (pending.length > 0) {
      const started = performance.now();
      const scored: { key: string; level: ReadingLevel }[] = [];
      do {
        const [key, text] = pending.pop()!;
        const level = score(text);
        remember(key, level);
        scored.push({ key, level });
      } while (pending.length > 0 && performance.now() - started < this.sliceMs);
      this.save(scored);
      if (pending.length > 0) await nextTurn();
    }
  }

  /**
   * Scores a document's sections in the background, in slices of SCORING_SLICE_MS, so the first
   * request for it finds them scored. Used when a document is opened; stops when it is closed.
   */
  warm(doc: Y.Doc): void {
    void this.warmSections(doc).catch((error: unknown) => this.logger.warn('readability.warm_failed', { error }));
  }

  private async warmSections(doc: Y.Doc): Promise<void> {
    await nextTurn();
    if (this.closed || doc.isDestroyed) return;
    // A room's sections were read when it opened (SignoffService.roomOpened): their texts are taken from there.
    const index = existingSectionIndex(doc);
    if (index) return this.prime(index.sections());
    const sections = doc.getXmlFragment(DOCUMENT_FIELD).toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'policySection');
    let next = 0;
    while (next < sections.length && !this.closed && !doc.isDestroyed) {
      const started = performance.now();
      const texts: { text: string }[] = [];
      do texts.push({ text: sectionText(sections[next++]!) });
      while (next < sections.length && performance.now() - started < this.sliceMs / 3);
      await this.prime(texts);
      await nextTurn();
    }
  }

  /** Stops background warming; call before closing the database. */
  close(): void {
    this.closed = true;
  }

  /** Moves the scores of `missing` found on disk into memory, and out of `missing`. */
  private load(missing: Map<string, string>): void {
    if (this.closed) return;
    try {
      const keys = JSON.stringify([...missing.keys()].map((key) => Buffer.from(key, 'base64').toString('hex')));
      for (const row of this.select.all(keys)) {
        const key = row.text_hash.toString('base64');
        remember(key, { grade: row.grade, readingEase: row.reading_ease });
        missing.delete(key);
      }
    } catch (error) {
      this.logger.warn('readability.read_failed', { error });
    }
  }

  private save(scored: readonly { key: string; level: ReadingLevel }[]): void {
    if (this.closed || scored.length === 0) return;
    try {
      this.insertAll(scored);
    } catch (error) {
      // The scores are in memory; the next process scores these sections again.
      this.logger.warn('readability.write_failed', { error });
    }
  }
}

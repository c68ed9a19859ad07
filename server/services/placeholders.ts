import * as Y from 'yjs';
import type { ChangedSection, FilledPlaceholders, PolicyPlaceholders } from '../../shared/api/placeholders';
import { PLACEHOLDER_IN_TEXT, placeholderDefinition } from '../../shared/placeholders';
import { DOCUMENT_FIELD } from '../../shared/sections';
import { ServerOrigin } from '../collab/origins';
import { storeServerChange, type Rooms } from '../collab/rooms';
import { sectionTitle } from '../collab/sectionGuard';
import { HttpError } from '../httpError';
import type { SqliteDatabase } from '../storage/database';
import type { SignoffService } from './signoffs';
import type { Statement } from 'better-sqlite3';

const SECTION = 'policySection';

interface PlaceholderRow {
  name: string;
  value: string;
}

/** The statement that reads a policy's stored values, prepared once per database. */
const storedValues = new WeakMap<SqliteDatabase, Statement<[string], PlaceholderRow>>();

/**
 * The values a policy's team stored for its placeholders, by name. The clause library calls
 * this to fill a clause's `{{name}}` when it inserts one into the policy.
 */
export function placeholderValues(db: SqliteDatabase, policyId: string): Record<string, string> {
  const values: Record<string, string> = {};
  let statement = storedValues.get(db);
  if (!statement) storedValues.set(db, (statement = db.prepare<[string], PlaceholderRow>('SELECT name, value FROM policy_placeholders WHERE policy_id = ? ORDER BY name')));
  for (const row of statement.all(policyId)) {
    values[row.name] = row.value;
  }
  return values;
}

/**
 * Refuses a name shared/placeholders.ts does not know, with the field it came in
 * (`placeholders.crisis_contct`), so a typo never silently fills nothing.
 */
export function checkPlaceholderNames(values: Readonly<Record<string, string>>, field: string): void {
  for (const name of Object.keys(values)) {
    if (!placeholderDefinition(name)) {
      throw new HttpError(400, `${field}.${name}: there is no placeholder {{${name}}} (the known ones are listed by GET /api/templates)`, { field: `${field}.${name}` });
    }
  }
}

/** Every text node under an element, in document order. */
function textNodes(element: Y.XmlElement, into: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) into.push(child);
    else if (child instanceof Y.XmlElement) textNodes(child, into);
  }
  return into;
}

/** A text node's characters (an embed counts as one, so indices stay those of Yjs) and its runs of marks. */
function runsOf(text: Y.XmlText): { plain: string; runs: { start: number; end: number; attributes: Record<string, unknown> }[] } {
  const runs: { start: number; end: number; attributes: Record<string, unknown> }[] = [];
  let plain = '';
  for (const part of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    const insert = typeof part.insert === 'string' ? part.insert : '\uFFFC';
    runs.push({ start: plain.length, end: plain.length + insert.length, attributes: part.attributes ?? {} });
    plain += insert;
  }
  return { plain, runs };
}

/**
 * Fills `{{name}}` in one text node, keeping the marks of each placeholder's first character
 * (bold, a comment's highlight). Returns how many were filled. Call inside a transaction.
 */
function fillTextNode(text: Y.XmlText, values: Readonly<Record<string, string>>): number {
  const { plain, runs } = runsOf(text);
  const matches = [...plain.matchAll(PLACEHOLDER_IN_TEXT)].filter((match) => Boolean(values[match[1]!]));
  // From the end, so the earlier indices stay where they were.
  for (const match of matches.reverse()) {
    const index = match.index;
    const attributes = runs.find((run) => run.start <= index && index < run.end)?.attributes ?? {};
    text.delete(index, match[0].length);
    text.insert(index, values[match[1]!]!, { ...attributes });
  }
  return matches.length;
}

function countIn(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(PLACEHOLDER_IN_TEXT)) {
    const name = match[1]!;
    // Only names Accord knows count: `{{` typed for another reason is not a placeholder to fill.
    if (placeholderDefinition(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/**
 * Placeholders a policy's team fills in once: the values live in `policy_placeholders`; the
 * document is changed only here, by the server (ServerOrigin 'placeholders'), and stored
 * before the answer, like every other REST write into a document.
 */
export class PlaceholderService {
  private readonly upsert;
  private readonly remove;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly rooms: Rooms,
    private readonly signoffs: Pick<SignoffService, 'state' | 'announce'>,
  ) {
    this.upsert = db.prepare<[string, string, string, string, string | null]>(
      `INSERT INTO policy_placeholders (policy_id, name, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(policy_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    );
    this.remove = db.prepare<[string, string]>('DELETE FROM policy_placeholders WHERE policy_id = ? AND name = ?');
  }

  /** Stores values (an empty one clears the stored value). Names must have been checked. */
  store(policyId: string, values: Readonly<Record<string, string>>, userId: string | null): void {
    const at = new Date().toISOString();
    this.db.transaction(() => {
      for (const [name, value] of Object.entries(values)) {
        if (value) this.upsert.run(policyId, name, value, at, userId);
        else this.remove.run(policyId, name);
      }
    })();
  }

  /** Every placeholder the text uses or has a stored value, with how often each is still unfilled. */
  overview(policyId: string): PolicyPlaceholders {
    const live = this.signoffs.state(policyId).live;
    const stored = placeholderValues(this.db, policyId);
    const totals = new Map<string, number>();
    const sections: PolicyPlaceholders['sections'] = [];
    for (const section of live) {
      const counts = countIn(section.text);
      let unfilled = 0;
      for (const [name, count] of counts) {
        totals.set(name, (totals.get(name) ?? 0) + count);
        unfilled += count;
      }
      if (unfilled > 0) sections.push({ sectionId: section.id, title: section.title, unfilled, names: [...counts.keys()] });
    }
    const names = [...new Set([...totals.keys(), ...Object.keys(stored)])];
    const placeholders = names.flatMap((name) => {
      const definition = placeholderDefinition(name);
      if (!definition) return [];
      return [{ name, label: definition.label, hint: definition.hint, example: definition.example, value: stored[name] ?? null, unfilled: totals.get(name) ?? 0 }];
    });
    return { placeholders, unfilled: [...totals.values()].reduce((sum, count) => sum + count, 0), sections };
  }

  /**
   * Stores the values and fills them into the live document, in one transaction with the
   * document change (so a change storage refuses keeps neither). With `keepSigned`, sections that
   * carry a valid sign-off are left alone; otherwise they change and their sign-offs go stale,
   * which the answer lists.
   */
  fill(policyId: string, values: Readonly<Record<string, string>>, userId: string, options: { keepSigned?: boolean } = {}): FilledPlaceholders {
    const filling = Object.fromEntries(Object.entries(values).filter(([, value]) => value));
    const changed: ChangedSection[] = [];
    const skipped: FilledPlaceholders['skipped'] = [];
    if (Object.keys(filling).length === 0) {
      // Only clearing: no text changes, so the values are stored on their own.
      this.store(policyId, values, userId);
    } else {
      const signedBy = new Map(this.signoffs.state(policyId).sections.map((section) => [section.id, section.signoffs.filter((signoff) => signoff.valid).map((signoff) => signoff.department)]));
      const room = this.rooms.open(policyId);
      try {
        storeServerChange(room, new ServerOrigin('placeholders', userId), () => {
          for (const node of room.doc.getXmlFragment(DOCUMENT_FIELD).toArray()) {
            if (!(node instanceof Y.XmlElement) || node.nodeName !== SECTION) continue;
            const sectionId = String(node.getAttribute('id') ?? '');
            const texts = textNodes(node);
            const holds = texts.some((text) => [...runsOf(text).plain.matchAll(PLACEHOLDER_IN_TEXT)].some((match) => Boolean(filling[match[1]!])));
            if (!holds) continue;
            const signed = signedBy.get(sectionId) ?? [];
            if (options.keepSigned && signed.length > 0) {
              skipped.push({ sectionId, title: sectionTitle(node) });
              continue;
            }
            let replaced = 0;
            for (const text of texts) replaced += fillTextNode(text, filling);
            if (replaced > 0) changed.push({ sectionId, title: sectionTitle(node), replaced, staleSignoffs: signed });
          }
        }, 'the filled-in placeholders', () => this.store(policyId, values, userId));
      } finally {
        this.rooms.release(room);
      }
      if (changed.length > 0) this.signoffs.announce(policyId);
    }
    return { ...this.overview(policyId), changed, skipped };
  }
}

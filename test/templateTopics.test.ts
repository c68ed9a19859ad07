import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../server/templates/templateLoader';

/**
 * docs/template-topics.md is the mapping: one table per template, a row per section (same titles,
 * same order) and a ✓ under each topic the section covers. This test keeps it in step with the
 * templates, and checks that every template covers every topic the issue names (or says in the
 * doc, on a "Not applicable:" line, why it leaves one out).
 */
const TOPICS = [
  'governance', 'accounts', 'security', 'employee rights', 'endorsements and reviews', 'engagement',
  'accessibility', 'privacy', 'records', 'crisis', 'AI', 'sector-specific', 'training',
] as const;

interface TopicTable {
  id: string;
  header: string[];
  rows: { title: string; topics: string[] }[];
  notApplicable: string[];
}

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim());
}

/** Reads the doc's tables; a table belongs to the template whose id is in backticks in the `###` heading above it. */
function readTopicTables(markdown: string): TopicTable[] {
  const tables: TopicTable[] = [];
  let current: TopicTable | null = null;
  for (const line of markdown.split('\n')) {
    const heading = /^###\s.*`([a-z0-9-]+)`/.exec(line);
    if (heading) {
      current = { id: heading[1]!, header: [], rows: [], notApplicable: [] };
      tables.push(current);
      continue;
    }
    if (!current) continue;
    const notApplicable = /^Not applicable:\s*([^—(]+)/.exec(line);
    if (notApplicable) current.notApplicable.push(...notApplicable[1]!.split(',').map((topic) => topic.trim()).filter(Boolean));
    if (!line.trim().startsWith('|')) continue;
    const row = cells(line);
    if (current.header.length === 0) current.header = row.slice(1);
    else if (row.every((cell) => /^:?-+:?$/.test(cell))) continue;
    else current.rows.push({ title: row[0]!, topics: row.slice(1).flatMap((cell, index) => (cell === '✓' ? [current!.header[index]!] : cell === '' ? [] : [`bad cell "${cell}"`])) });
  }
  return tables;
}

const shipped = loadTemplates(path.resolve(import.meta.dirname, '../templates'));
const tables = readTopicTables(fs.readFileSync(path.resolve(import.meta.dirname, '../docs/template-topics.md'), 'utf8'));

describe('docs/template-topics.md', () => {
  it('has one table per shipped template, with the topics as columns', () => {
    expect(shipped.errors.map(String)).toEqual([]);
    expect(tables.map((table) => table.id).sort()).toEqual(shipped.templates.map((template) => template.id).sort());
    for (const table of tables) expect(table.header, table.id).toEqual([...TOPICS]);
  });

  it.each(shipped.templates.map((template) => [template.id, template] as const))('lists the sections of %s as they are, in order', (id, template) => {
    const table = tables.find((candidate) => candidate.id === id);
    expect(table?.rows.map((row) => row.title)).toEqual(template.sections.map((section) => section.title));
    for (const row of table!.rows) {
      expect(row.topics.filter((topic) => !(TOPICS as readonly string[]).includes(topic)), row.title).toEqual([]);
      expect(row.topics.length, `${id}: "${row.title}" covers no topic`).toBeGreaterThan(0);
    }
  });

  it.each(shipped.templates.map((template) => [template.id] as const))('shows %s covering every topic', (id) => {
    const table = tables.find((candidate) => candidate.id === id)!;
    const covered = new Set(table.rows.flatMap((row) => row.topics));
    expect(table.notApplicable.filter((topic) => !(TOPICS as readonly string[]).includes(topic))).toEqual([]);
    expect(TOPICS.filter((topic) => !covered.has(topic) && !table.notApplicable.includes(topic))).toEqual([]);
  });
});

describe('reading the topic tables', () => {
  it('finds a missing topic and a wrong cell', () => {
    const [table] = readTopicTables('### Sample (`sample`)\n\n| Section | governance | AI |\n| --- | :---: | :---: |\n| Purpose | ✓ | x |\n\nNot applicable: AI — no tools here.\n');
    expect(table).toEqual({ id: 'sample', header: ['governance', 'AI'], rows: [{ title: 'Purpose', topics: ['governance', 'bad cell "x"'] }], notApplicable: ['AI'] });
  });
});

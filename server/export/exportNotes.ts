import { cleanText, type Block, type Inline } from './contentBlocks';
import { formatTimestamp, type OutlineSection } from './exportOutline';
import type { ExportThread } from './exportModel';

/** Heading of the notes after a section, and of the notes whose section is not in the export. */
export const NOTES_TITLE = 'Open comments';
export const REMOVED_NOTES_TITLE = 'Open comments on removed text';
/** Said of a thread whose anchored text was deleted. */
export const TEXT_REMOVED = 'text removed';

export interface OutlineNoteComment {
  author: string;
  /** The department's name, or '' when the author had none. */
  department: string;
  /** "2025-03-14 09:30 UTC" */
  date: string;
  /** The same time as written (ISO), for formats that store a date. */
  at: string;
  /** Plain text; line breaks kept as "\n". Every format escapes it. */
  body: string;
  edited: boolean;
}

/** One open thread as a numbered note: the number is shown at its text and before the note. */
export interface OutlineNote {
  number: number;
  threadId: string;
  quote: string;
  /** The anchored text was deleted: the note has no place in the text. */
  removed: boolean;
  comments: OutlineNoteComment[];
}

/** "Legal reviewer (Legal), 2025-03-14 09:30 UTC, edited" */
export function noteByline(comment: OutlineNoteComment): string {
  return [`${comment.author}${comment.department ? ` (${comment.department})` : ''}`, comment.date, ...(comment.edited ? ['edited'] : [])].join(', ');
}

/** The note number to show right after `inlines[index]`: where a commented range ends. */
export function noteEndingAt(inlines: readonly Inline[], index: number): number | undefined {
  const inline = inlines[index];
  if (inline?.kind !== 'text' || inline.note === undefined) return undefined;
  const next = inlines[index + 1];
  return next?.kind === 'text' && next.note === inline.note ? undefined : inline.note;
}

/** Whether `inlines[index]` starts a commented range (DOCX opens a Word comment there). */
export function noteStartingAt(inlines: readonly Inline[], index: number): number | undefined {
  const inline = inlines[index];
  if (inline?.kind !== 'text' || inline.note === undefined) return undefined;
  const previous = inlines[index - 1];
  return previous?.kind === 'text' && previous.note === inline.note ? undefined : inline.note;
}

/**
 * Numbers the open threads in reading order and ties them to the text: each inline carrying a
 * thread's mark gets the thread's number, and each section its notes. A thread whose mark is not
 * in any exported section (its text was removed) is listed at the end of its section, or in the
 * returned list when that section is not exported. Marks naming no open thread are ignored.
 */
export function placeNotes(sections: OutlineSection[], threads: readonly ExportThread[], departmentName: (id: string) => string): OutlineNote[] {
  const byId = new Map(threads.map((thread) => [thread.id, thread]));
  const numbers = new Map<string, number>();
  const toNote = (thread: ExportThread, removed: boolean): OutlineNote => {
    const number = numbers.size + 1;
    numbers.set(thread.id, number);
    return {
      number,
      threadId: thread.id,
      quote: singleLine(thread.quote),
      removed,
      comments: thread.comments.map((comment) => ({
        author: singleLine(comment.author) || 'Someone',
        department: comment.department ? singleLine(departmentName(comment.department)) : '',
        date: formatTimestamp(comment.at),
        at: comment.at,
        body: cleanText(comment.body).replace(/\r\n?/g, '\n').trim(),
        edited: comment.edited,
      })),
    };
  };
  for (const section of sections) {
    forEachInline(section.blocks, (inline) => {
      if (inline.kind !== 'text' || !inline.threadId) return;
      const thread = byId.get(inline.threadId);
      if (!thread) return;
      if (!numbers.has(thread.id)) section.notes.push(toNote(thread, false));
      inline.note = numbers.get(thread.id);
    });
  }
  const sectionsById = new Map(sections.map((section) => [section.id, section]));
  const elsewhere: OutlineNote[] = [];
  for (const section of sections) {
    for (const thread of threads) {
      if (thread.sectionId === section.id && !numbers.has(thread.id)) section.notes.push(toNote(thread, true));
    }
  }
  for (const thread of threads) {
    if (!numbers.has(thread.id) && !sectionsById.has(thread.sectionId)) elsewhere.push(toNote(thread, true));
  }
  return elsewhere;
}

function forEachInline(blocks: readonly Block[], visit: (inline: Inline) => void): void {
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
      case 'heading':
        block.inlines.forEach(visit);
        break;
      case 'list':
        for (const item of block.items) forEachInline(item, visit);
        break;
      case 'quote':
        forEachInline(block.blocks, visit);
        break;
      case 'table':
        for (const row of block.rows) for (const cell of row) forEachInline(cell.blocks, visit);
        break;
      case 'code':
      case 'rule':
        break;
    }
  }
}

function singleLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

import type { SectionInfo, SectionRequirement } from '../../shared/sections';
import { sameHeld } from './sectionIndex';

/**
 * What the server read out of a stored document: the policy's title and every section with its
 * hash, as `readSections` gives them, and the server's requirement each hash was computed with.
 * It is kept beside the stored document (`DocumentStore.keepReading`: after a read from disk, and
 * when a room unloads or the server stops) and used only while the document is still exactly the
 * one it was read from, so reading a policy nobody has open (GET /api/policies/:id, the list's
 * catch-up) loads no document.
 *
 * Raise READING_FORMAT whenever what `readSection` computes changes (the hash, the text, the
 * content): readings of another format are ignored and the document is read again.
 */
export const READING_FORMAT = 1;

interface KeptReading {
  format: number;
  title: string;
  sections: { info: SectionInfo; held?: SectionRequirement }[];
}

/** The reading of a document as it is kept with its snapshot. */
export function serializeReading(title: string, live: readonly SectionInfo[], requirements: (sectionId: string) => SectionRequirement | undefined): string {
  const reading: KeptReading = { format: READING_FORMAT, title, sections: live.map((info) => ({ info, held: requirements(info.id) })) };
  return JSON.stringify(reading);
}

/**
 * A kept reading, if it still holds: its format is this one and every section's requirement is
 * the one the server holds now (a changed owner or approver changes the hash). Null otherwise,
 * and for anything unreadable: the caller then reads the document.
 */
export function parseReading(json: string, requirements: (sectionId: string) => SectionRequirement | undefined): { title: string; live: SectionInfo[] } | null {
  let reading: KeptReading;
  try {
    reading = JSON.parse(json) as KeptReading;
  } catch {
    return null;
  }
  if (reading?.format !== READING_FORMAT || typeof reading.title !== 'string' || !Array.isArray(reading.sections)) return null;
  const live: SectionInfo[] = [];
  for (const section of reading.sections) {
    const info = section?.info;
    if (!info || typeof info.id !== 'string' || typeof info.hash !== 'string') return null;
    if (!sameHeld(section.held, requirements(info.id))) return null;
    live.push(info);
  }
  return { title: reading.title, live };
}

import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { useCallback, useSyncExternalStore } from 'react';
import { DEFAULT_GRADE_TARGET, sectionReadingLevel, type ReadingLevel } from '../../shared/readability';
import type { SectionInfo } from '../../shared/sections';
import { signoffState, type Signoff } from '../../shared/signoffRules';
import { whenIdle, type IdleDeadline } from './idleTask';
import { SectionReader, type PolicyReading } from './sectionReader';
import { isPartlySigned, type SectionStatusView } from './sectionStatus';

/** What a section's node view shows beside its text; the same object until one of these changes. */
export interface SectionLiveState {
  status: SectionStatusView;
  /** Reading level (grade) of the section's text; undefined until first scored. */
  grade: number | undefined;
  /** The badge's reading: grade, whether the section has text yet, long sentences; undefined until first scored. */
  level: ReadingLevel | undefined;
}

/** The counts the page's toolbar shows. */
export interface SectionsSummary {
  total: number;
  signed: number;
  /** Sections waiting for sign-off that some of their departments have already signed. */
  partly: number;
  anyStale: boolean;
}

/** What the outline shows of a section besides its state. */
export interface OutlineRow {
  id: string;
  title: string;
  owner: string;
  approvers: readonly string[];
}

/** The rows of `sections`; `previous` itself when none changed. */
function outlineRows(previous: readonly OutlineRow[], sections: readonly SectionInfo[]): readonly OutlineRow[] {
  const same = (row: OutlineRow | undefined, section: SectionInfo) =>
    row !== undefined && row.id === section.id && row.title === section.title && row.owner === section.owner && row.approvers.join(',') === section.approvers.join(',');
  if (previous.length === sections.length && sections.every((section, index) => same(previous[index], section))) return previous;
  return sections.map((section, index) => {
    const row = previous[index];
    return row && same(row, section) ? row : { id: section.id, title: section.title, owner: section.owner, approvers: section.approvers };
  });
}

interface SectionMemo {
  info: SectionInfo;
  signoffs: readonly Signoff[];
  /** The status view as JSON, to tell a new but equal view from a changed one. */
  key: string;
  state: SectionLiveState;
}

const NO_SIGNOFFS: readonly Signoff[] = [];

/** Readability scores by text, so an unchanged, moved or restored section is never scored again. */
const MAX_SCORED_TEXTS = 4000;

/** Reads come at most this often while people type; with the idle wait they stay well inside 300 ms. */
const MIN_READ_INTERVAL_MS = 80;

/**
 * The live state of a policy's sections as the editor shows them: read incrementally from the
 * editor's document, checked against the server's sign-offs, and scored for readability when
 * the browser is idle. Views subscribe to the part they show (one section, the list, the
 * counts) and re-render only when that part changes.
 */
export class PolicySections {
  private readonly reader = new SectionReader();
  private reading: PolicyReading = { title: '', sections: [] };
  private signoffs: ReadonlyMap<string, readonly Signoff[]> = new Map();
  private readonly memos = new Map<string, SectionMemo>();
  private emittedReading: PolicyReading | null = null;
  private readonly scores = new Map<string, ReadingLevel>();
  private summary: SectionsSummary = { total: 0, signed: 0, partly: 0, anyStale: false };
  private readonly listeners = new Set<() => void>();
  private source: (() => ProseMirrorNode) | null = null;
  private cancelRead: (() => void) | null = null;
  private readTimer: ReturnType<typeof setTimeout> | null = null;
  private cancelScoring: (() => void) | null = null;
  private lastReadAt = 0;
  private gradeTarget = DEFAULT_GRADE_TARGET;
  private rows: readonly OutlineRow[] = [];

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get title(): string {
    return this.reading.title;
  }

  /** The sections in document order; a new array only when a section changed. */
  get sections(): readonly SectionInfo[] {
    return this.reading.sections;
  }

  /** Id, title and who signs, per section: a new array only when one of those changed, not on every edit of a text. */
  get outline(): readonly OutlineRow[] {
    return this.rows;
  }

  get counts(): SectionsSummary {
    return this.summary;
  }

  section(id: string): SectionInfo | undefined {
    return this.reading.sections.find((section) => section.id === id);
  }

  sectionState(id: string): SectionLiveState | undefined {
    return this.memos.get(id)?.state;
  }

  /** Follows an editor's document: read now, and again (soon, when idle) after each change. */
  follow(currentDoc: () => ProseMirrorNode): void {
    this.source = currentDoc;
    this.readNow();
  }

  /** Says the document changed; it is read at most every MIN_READ_INTERVAL_MS, when the browser is idle. */
  documentChanged(): void {
    if (!this.source || this.readTimer || this.cancelRead) return;
    const wait = Math.max(0, this.lastReadAt + MIN_READ_INTERVAL_MS - performance.now());
    this.readTimer = setTimeout(() => {
      this.readTimer = null;
      this.cancelRead = whenIdle(() => {
        this.cancelRead = null;
        this.readNow();
      });
    }, wait);
  }

  /** Reads the document as it is at this moment (e.g. to sign exactly what is on screen). */
  readNow(): PolicyReading {
    this.cancelPendingRead();
    if (!this.source) return this.reading;
    this.lastReadAt = performance.now();
    const reading = this.reader.read(this.source());
    if (reading !== this.reading) {
      this.reading = reading;
      this.rows = outlineRows(this.rows, reading.sections);
      this.refresh();
    }
    return reading;
  }

  /** The policy's reading level target, which decides whether a new grade shows differently. */
  setGradeTarget(target: number): void {
    if (target === this.gradeTarget) return;
    this.gradeTarget = target;
    // Every state is rebuilt, so a grade that crossed the new target shows it.
    this.memos.clear();
    this.refresh();
  }

  /** The server's sign-offs per section id. */
  setSignoffs(signoffs: ReadonlyMap<string, readonly Signoff[]>): void {
    this.signoffs = signoffs;
    this.refresh();
  }

  /** Stops following the document and cancels pending work (the subscribers stay). */
  stop(): void {
    this.source = null;
    this.cancelPendingRead();
    this.cancelScoring?.();
    this.cancelScoring = null;
  }

  private cancelPendingRead(): void {
    if (this.readTimer) clearTimeout(this.readTimer);
    this.readTimer = null;
    this.cancelRead?.();
    this.cancelRead = null;
  }

  /** Recomputes the state of each section whose text, sign-offs or score changed, keeping every other object as it was. */
  private refresh(): void {
    let changed = false;
    let signed = 0;
    let partly = 0;
    let anyStale = false;
    let unscored = false;
    const present = new Set<string>();
    for (const section of this.reading.sections) {
      present.add(section.id);
      const signoffs = this.signoffs.get(section.id) ?? NO_SIGNOFFS;
      const score = this.scores.get(section.text);
      if (score === undefined) unscored = true;
      let memo = this.memos.get(section.id);
      // Until the new text is scored, the section keeps showing its last reading level.
      const level = score ?? memo?.state.level;
      const grade = level?.grade;
      if (!memo || memo.info !== section || memo.signoffs !== signoffs || memo.state.level !== level) {
        const status: SectionStatusView = signoffState(section, signoffs);
        const key = JSON.stringify(status);
        const kept = memo?.key === key ? memo.state : undefined;
        // A new score that reads the same on screen keeps the old state, so nothing re-renders.
        const state = kept && (kept.level === level || (kept.level !== undefined && level !== undefined && this.levelLooksSame(kept.level, level))) ? kept : { status: kept?.status ?? status, grade, level };
        if (state !== memo?.state) changed = true;
        memo = { info: section, signoffs, key, state };
        this.memos.set(section.id, memo);
      }
      if (memo.state.status.status === 'signed') signed += 1;
      else if (isPartlySigned(memo.state.status)) partly += 1;
      if (memo.state.status.status === 'stale') anyStale = true;
    }
    if (this.memos.size > present.size) {
      for (const id of this.memos.keys()) if (!present.has(id)) this.memos.delete(id);
    }
    const total = this.reading.sections.length;
    if (total !== this.summary.total || signed !== this.summary.signed || partly !== this.summary.partly || anyStale !== this.summary.anyStale) {
      this.summary = { total, signed, partly, anyStale };
      changed = true;
    }
    if (unscored) this.scheduleScoring();
    if (changed || this.emittedReading !== this.reading) {
      this.emittedReading = this.reading;
      this.emit();
    }
  }

  /** Whether two reading levels show the same: the same rounded grades, the same side of the target, the same flags. */
  private levelLooksSame(first: ReadingLevel, second: ReadingLevel): boolean {
    if ((first.bodyWords === 0) !== (second.bodyWords === 0) || (first.longSentences > 0) !== (second.longSentences > 0)) return false;
    const [a, b] = [first.grade, second.grade];
    return Math.max(0, a).toFixed(0) === Math.max(0, b).toFixed(0) && a.toFixed(1) === b.toFixed(1) && a > this.gradeTarget === b > this.gradeTarget;
  }

  private scheduleScoring(): void {
    if (this.cancelScoring) return;
    this.cancelScoring = whenIdle((deadline) => {
      this.cancelScoring = null;
      this.score(deadline);
    });
  }

  /** Scores unscored texts while the browser has time (at least one per turn), then shows them. */
  private score(deadline: IdleDeadline): void {
    let scoredAny = false;
    for (const section of this.reading.sections) {
      if (this.scores.has(section.text)) continue;
      if (scoredAny && deadline.timeRemaining() < 3) break;
      if (this.scores.size >= MAX_SCORED_TEXTS) this.scores.clear();
      this.scores.set(section.text, sectionReadingLevel(section.text, section.title));
      scoredAny = true;
    }
    // Texts left unscored schedule the next turn from refresh.
    if (scoredAny) this.refresh();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** One section's live state; re-renders only when that section's state changes. */
export function useSectionState(store: PolicySections, id: string): SectionLiveState | undefined {
  return useSyncExternalStore(store.subscribe, useCallback(() => store.sectionState(id), [store, id]));
}

/** The outline's rows in document order. */
export function useOutlineRows(store: PolicySections): readonly OutlineRow[] {
  return useSyncExternalStore(store.subscribe, useCallback(() => store.outline, [store]));
}

/** One section as read from the document (for dialogs that show it while others type). */
export function useSection(store: PolicySections, id: string): SectionInfo | undefined {
  return useSyncExternalStore(store.subscribe, useCallback(() => store.section(id), [store, id]));
}

export function useSectionsSummary(store: PolicySections): SectionsSummary {
  return useSyncExternalStore(store.subscribe, useCallback(() => store.counts, [store]));
}

export function usePolicyTitle(store: PolicySections): string {
  return useSyncExternalStore(store.subscribe, useCallback(() => store.title, [store]));
}

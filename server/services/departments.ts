import {
  DEPARTMENT_COLOR_PATTERN,
  DEPARTMENT_ID_PATTERN,
  departmentIdFromName,
  type Department,
} from '../../shared/departments';
import { HttpError } from '../httpError';
import type { SqliteDatabase } from '../storage/database';
import { DEPARTMENT_NAME_MAX } from '../../shared/api/departments';

/** A department change that cannot be made, with the HTTP status and the field to blame. */
export class DepartmentError extends HttpError {
  constructor(
    status: number,
    message: string,
    readonly field?: string,
  ) {
    super(status, message, field ? { field } : undefined);
  }
}

interface DepartmentRow {
  id: string;
  name: string;
  color: string;
  position: number;
  archived_at: string | null;
  created_at: string;
}

function toDepartment(row: DepartmentRow): Department {
  return { id: row.id, name: row.name, color: row.color.toUpperCase(), archived: row.archived_at !== null };
}

export { DEPARTMENT_NAME_MAX };

/** A cleaned name, or an error naming the field: names are shown everywhere, so they must be short, single-line text. */
function cleanName(name: string): string {
  const cleaned = name.replace(/\s+/g, ' ').trim();
  if (!cleaned) throw new DepartmentError(400, 'name: enter a name for the department', 'name');
  if (cleaned.length > DEPARTMENT_NAME_MAX) throw new DepartmentError(400, `name: use at most ${DEPARTMENT_NAME_MAX} characters`, 'name');
  return cleaned;
}

function cleanColor(color: string): string {
  if (!DEPARTMENT_COLOR_PATTERN.test(color)) {
    throw new DepartmentError(400, 'color: write the colour as # and six hex digits, such as #0072B2', 'color');
  }
  return color.toUpperCase();
}

/** Colours for departments added without one, in turn: distinguishable, and readable with white text. */
const NEW_DEPARTMENT_COLORS = ['#0072B2', '#009E73', '#D55E00', '#CC79A7', '#7A5C00', '#4D4D4D', '#5B3A8C', '#006D6F'];

/**
 * The organization's departments, which own and approve policy sections and which people
 * belong to. Departments are never deleted: an archived one keeps its history (sign-offs,
 * people already in it) but can no longer be given sections or people.
 */
export class DepartmentService {
  private readonly listAll;
  private readonly listActive;
  private readonly byId;
  private readonly byName;
  private readonly nextPosition;
  private readonly insert;
  private readonly rename;
  private readonly recolor;
  private readonly archive;
  private readonly unarchive;
  private readonly now: () => number;

  constructor(
    private readonly db: SqliteDatabase,
    options: { now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.listAll = db.prepare<[], DepartmentRow>('SELECT * FROM departments ORDER BY position, name COLLATE NOCASE, id');
    this.listActive = db.prepare<[], DepartmentRow>(
      'SELECT * FROM departments WHERE archived_at IS NULL ORDER BY position, name COLLATE NOCASE, id',
    );
    this.byId = db.prepare<[string], DepartmentRow>('SELECT * FROM departments WHERE id = ?');
    this.byName = db.prepare<[string], DepartmentRow>('SELECT * FROM departments WHERE lower(name) = lower(?)');
    this.nextPosition = db.prepare<[], { next: number }>('SELECT COALESCE(MAX(position), 0) + 1 AS next FROM departments');
    this.insert = db.prepare<[string, string, string, number, string]>(
      'INSERT INTO departments (id, name, color, position, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.rename = db.prepare<[string, string]>('UPDATE departments SET name = ? WHERE id = ?');
    this.recolor = db.prepare<[string, string]>('UPDATE departments SET color = ? WHERE id = ?');
    this.archive = db.prepare<[string, string]>('UPDATE departments SET archived_at = ? WHERE id = ? AND archived_at IS NULL');
    this.unarchive = db.prepare<[string]>('UPDATE departments SET archived_at = NULL WHERE id = ?');
  }

  /** Departments by position, then name; archived ones only when asked for. */
  list(options: { includeArchived?: boolean } = {}): Department[] {
    return (options.includeArchived ? this.listAll : this.listActive).all().map(toDepartment);
  }

  get(id: string): Department | null {
    const row = this.byId.get(id);
    return row ? toDepartment(row) : null;
  }

  /** Whether sections or people may be given this department: it exists and is not archived. */
  isAssignable(id: string): boolean {
    const row = this.byId.get(id);
    return row !== undefined && row.archived_at === null;
  }

  /**
   * Throws a 400 naming `field` unless sections or people may be given this department,
   * with a message that says why (unknown, or archived and by which name).
   */
  assertAssignable(id: string, field = 'department'): Department {
    const department = this.get(id);
    if (!department) throw new DepartmentError(400, `${field}: there is no department "${id}"; choose one of the departments`, field);
    if (department.archived) {
      throw new DepartmentError(400, `${field}: ${department.name} is archived and can no longer be given sections or people`, field);
    }
    return department;
  }

  /** Display names by id, archived departments included, for exports and messages. */
  names(): Map<string, string> {
    return new Map(this.listAll.all().map((row) => [row.id, row.name]));
  }

  /** Adds a department at the end of the list. The id is made from the name when not given. */
  create(input: { id?: string; name: string; color?: string }): Department {
    const name = cleanName(input.name);
    const id = input.id ?? departmentIdFromName(name);
    if (!DEPARTMENT_ID_PATTERN.test(id)) {
      throw new DepartmentError(
        400,
        input.id === undefined
          ? 'name: the name needs at least two letters or digits so Accord can make an id from it'
          : 'id: use 2 to 40 lowercase letters, digits or hyphens, starting with a letter',
        input.id === undefined ? 'name' : 'id',
      );
    }
    return this.db.transaction(() => {
      // The name first: it is what the person typed (the id is usually made from it).
      const sameName = this.byName.get(name);
      if (sameName) throw new DepartmentError(409, `name: there is already a department called ${sameName.name}`, 'name');
      const sameId = this.byId.get(id);
      if (sameId) {
        throw input.id === undefined
          ? new DepartmentError(409, `name: this name makes the id "${id}", which ${sameId.name} has already. Choose a name that differs by more than punctuation or capitals.`, 'name')
          : new DepartmentError(409, `id: there is already a department with the id "${id}" (${sameId.name})`, 'id');
      }
      const position = this.nextPosition.get()!.next;
      const color = input.color === undefined ? NEW_DEPARTMENT_COLORS[position % NEW_DEPARTMENT_COLORS.length]! : cleanColor(input.color);
      this.insert.run(id, name, color, position, new Date(this.now()).toISOString());
      return this.get(id)!;
    })();
  }

  /** Renames, recolours, archives (`archived: true`) or unarchives (`archived: false`) a department. */
  update(id: string, changes: { name?: string; color?: string; archived?: boolean }): Department {
    return this.db.transaction(() => {
      const existing = this.get(id);
      if (!existing) throw new DepartmentError(404, `There is no department "${id}"`);
      if (changes.name !== undefined) {
        const name = cleanName(changes.name);
        const sameName = this.byName.get(name);
        if (sameName && sameName.id !== id) throw new DepartmentError(409, `name: there is already a department called ${sameName.name}`, 'name');
        this.rename.run(name, id);
      }
      if (changes.color !== undefined) this.recolor.run(cleanColor(changes.color), id);
      if (changes.archived === true) this.archive.run(new Date(this.now()).toISOString(), id);
      if (changes.archived === false) this.unarchive.run(id);
      return this.get(id)!;
    })();
  }
}

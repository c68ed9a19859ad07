import { useMemo, useSyncExternalStore } from 'react';
import { activeDepartments, departmentById, departmentName, type Department } from '../shared/departments';
import { request, routes } from './api';

/**
 * The organization's departments, loaded from `GET /api/departments` once per page load and
 * shared by every component (archived ones included, marked `archived`). Call
 * {@link refreshDepartments} after changing them so every view shows the new names and colours.
 */
let departments: readonly Department[] = [];
let loaded = false;
let loading: Promise<readonly Department[]> | null = null;
const listeners = new Set<() => void>();

function publish(next: readonly Department[]): void {
  departments = next;
  loaded = true;
  for (const listener of listeners) listener();
}

/** Loads the list again from the server and updates every view that uses it. */
export function refreshDepartments(): Promise<readonly Department[]> {
  const pending = request(routes.listDepartments).then(
    (list) => {
      if (loading === pending) loading = null;
      publish(list);
      return list;
    },
    (error: unknown) => {
      // Not signed in yet, or offline: keep what we have and try again the next time a view asks.
      if (loading === pending) loading = null;
      throw error;
    },
  );
  loading = pending;
  return pending;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!loaded && !loading) refreshDepartments().catch(() => undefined);
  return () => listeners.delete(listener);
}

const snapshot = () => departments;

/** Every department of the organization, archived ones included; empty until the first load answers. */
export function useDepartments(): readonly Department[] {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** Departments that can be given sections or people (not archived), for pickers. */
export function useActiveDepartments(): Department[] {
  const all = useDepartments();
  return useMemo(() => activeDepartments(all), [all]);
}

const FALLBACK_COLOR = '#666666';

export interface DepartmentLookup {
  /** The department's name; its id while the list is loading or when it is unknown. */
  name(id: string): string;
  /** The department's colour; a neutral grey when unknown. */
  color(id: string): string;
  byId(id: string): Department | undefined;
}

/** Names and colours of departments by id, for showing existing data (archived departments still have their names). */
export function useDepartmentLookup(): DepartmentLookup {
  const all = useDepartments();
  return useMemo(
    () => ({
      name: (id: string) => departmentName(id, all),
      color: (id: string) => departmentById(id, all)?.color ?? FALLBACK_COLOR,
      byId: (id: string) => departmentById(id, all),
    }),
    [all],
  );
}

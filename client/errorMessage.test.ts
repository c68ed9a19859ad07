import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, routes, UNREACHABLE_MESSAGE } from './api';
import { errorMessage, fieldErrorMessage } from './errorMessage';

const FALLBACK = 'Could not save the values.';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('errorMessage', () => {
  it('gives the server’s message of an ApiError', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: 'name: use at most 100 characters', field: 'name' }), { status: 400, headers: { 'content-type': 'application/json' } }));
    const caught = await request(routes.health).catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(ApiError);
    expect(errorMessage(caught, FALLBACK)).toBe('name: use at most 100 characters');
  });

  it('says the server cannot be reached when the network fails', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const caught = await request(routes.health).catch((error: unknown) => error);
    expect(errorMessage(caught, FALLBACK)).toBe(UNREACHABLE_MESSAGE);
  });

  it('gives the fallback for a plain Error, whose text is not written for people', () => {
    expect(errorMessage(new TypeError("Cannot read properties of undefined (reading 'id')"), FALLBACK)).toBe(FALLBACK);
  });

  it('gives the fallback for a thrown value that is not an error at all', () => {
    for (const value of [undefined, null, 'oops', 42, { message: 'looks like an error' }]) {
      expect(errorMessage(value, FALLBACK)).toBe(FALLBACK);
    }
  });
});

describe('error messages for people', () => {
  it('beside a field, drop the field name the server put first and read as a sentence', () => {
    const refused = new ApiError(400, 'title: a title is required', { field: 'title' });
    expect(errorMessage(refused, 'Could not create the policy')).toBe('title: a title is required');
    expect(fieldErrorMessage(refused, 'Could not create the policy')).toBe('A title is required.');
    expect(fieldErrorMessage(new ApiError(409, 'name: there is already a department called “Legal”.', { field: 'name' }), 'x')).toBe('There is already a department called “Legal”.');
  });

  it('keep messages that are not about the field they name, and the fallback for faults', () => {
    expect(fieldErrorMessage(new ApiError(403, 'Only admins can do this.'), 'x')).toBe('Only admins can do this.');
    expect(fieldErrorMessage(new ApiError(400, 'departmentMap: say which department takes each', { field: 'title' }), 'x')).toBe('departmentMap: say which department takes each');
    expect(fieldErrorMessage(new TypeError('boom'), 'Could not create the policy')).toBe('Could not create the policy');
  });
});

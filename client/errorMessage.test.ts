import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { errorMessage, fieldErrorMessage } from './errorMessage';

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

import { describe, expect, it } from 'vitest';
import { ApiError, UNREACHABLE_MESSAGE } from '../api';
import { messageOf } from './accountMessages';

describe('messageOf', () => {
  it('drops the field name the server put first and starts with a capital', () => {
    expect(messageOf(new ApiError(400, 'password: use at least 10 characters', { field: 'password' }))).toBe('Use at least 10 characters');
  });

  it('keeps a sentence without a field name, and words anything else generally', () => {
    expect(messageOf(new ApiError(0, UNREACHABLE_MESSAGE))).toBe(UNREACHABLE_MESSAGE);
    expect(messageOf(new Error('internal detail'))).toBe('Something went wrong. Try again.');
  });
});

import { describe, it, expect } from 'vitest';
import { isPassive, isPastParticiple } from './passive';

/** [active, passive] versions of the same statement. */
const PAIRS: readonly [string, string][] = [
  ['The manager approved the post.', 'The post was approved by the manager.'],
  ['We review every request.', 'Every request is reviewed.'],
  ['Staff wrote the guidelines.', 'The guidelines were written by staff.'],
  ['Someone will delete the account.', 'The account will be deleted.'],
  ['They sent the email quickly.', 'The email was quickly sent.'],
  ['IT has suspended the account.', 'The account has been suspended.'],
  ['We are updating the policy.', 'The policy is being updated.'],
  ['The company fired her.', 'She got fired.'],
  ['You may not share passwords.', 'Passwords are not allowed to be shared.'],
  ['We all know the rule.', "It's known to everyone."],
  ['Comms will fully and carefully check it.', 'It will be fully checked.'],
  ['Managers choose the moderators.', 'Moderators are chosen by managers.'],
];

describe('isPassive', () => {
  it.each(PAIRS)('tells "%s" (active) from "%s" (passive)', (active, passive) => {
    expect(isPassive(active)).toBe(false);
    expect(isPassive(passive)).toBe(true);
  });

  it('does not flag "to be" followed by an adjective or noun', () => {
    for (const sentence of ['The office is open.', 'It is often difficult.', 'The decision is final.', 'They are children.', 'There is a seven-day limit.', 'It is between us.']) {
      expect(isPassive(sentence), sentence).toBe(false);
    }
  });

  it('allows at most two adverbs between the verb and the participle', () => {
    expect(isPassive('It was not always clearly stated.')).toBe(false); // three words in between
    expect(isPassive('It was not clearly stated.')).toBe(true);
    expect(isPassive('It was the stated aim.')).toBe(false); // "the" is not an adverb
  });

  it('is case-insensitive', () => {
    expect(isPassive('POSTS ARE REMOVED.')).toBe(true);
  });
});

describe('isPastParticiple', () => {
  it('accepts regular and irregular participles', () => {
    for (const word of ['approved', 'used', 'written', 'taken', 'made', 'sent', 'done', 'shown', 'held', 'seen', 'broken', 'Known']) {
      expect(isPastParticiple(word), word).toBe(true);
    }
  });

  it('rejects look-alikes', () => {
    for (const word of ['need', 'hundred', 'open', 'often', 'seven', 'women', 'between', 'fifteen', 'red', 'bed', 'approve']) {
      expect(isPastParticiple(word), word).toBe(false);
    }
  });
});

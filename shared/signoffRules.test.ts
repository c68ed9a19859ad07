import { describe, expect, it } from 'vitest';
import { isSignoffValid, policyStatus, requiredDepartments, sectionStatus, signoffViews, type Signoff } from './signoffRules';

const HASH = 'a'.repeat(64);
const OLD_HASH = 'b'.repeat(64);

function signoff(department: string, hash = HASH, extra: Partial<Signoff> = {}): Signoff {
  return { department, userId: `${department}-user`, userName: `${department} person`, at: '2030-01-01T00:00:00.000Z', hash, comment: '', ...extra };
}

const section = { owner: 'communications', approvers: ['legal', 'hr'], hash: HASH };

describe('requiredDepartments', () => {
  it('is the owner first, then the approvers in their order', () => {
    expect(requiredDepartments({ owner: 'communications', approvers: ['legal', 'hr'] })).toEqual(['communications', 'legal', 'hr']);
  });

  it('lists each department once, even when the owner is also an approver', () => {
    expect(requiredDepartments({ owner: 'legal', approvers: ['hr', 'legal', 'hr'] })).toEqual(['legal', 'hr']);
  });

  it('is only the owner when there are no approvers', () => {
    expect(requiredDepartments({ owner: 'it', approvers: [] })).toEqual(['it']);
  });
});

describe('isSignoffValid', () => {
  it('holds while the section has exactly the signed hash', () => {
    expect(isSignoffValid({ hash: HASH }, HASH)).toBe(true);
  });

  it('fails for any other hash', () => {
    expect(isSignoffValid({ hash: OLD_HASH }, HASH)).toBe(false);
    expect(isSignoffValid({ hash: HASH.toUpperCase() }, HASH)).toBe(false);
    expect(isSignoffValid({ hash: '' }, HASH)).toBe(false);
  });
});

describe('sectionStatus', () => {
  it('is pending with no sign-offs', () => {
    expect(sectionStatus(section, [])).toBe('pending');
  });

  it('is pending while a required department has not signed', () => {
    expect(sectionStatus(section, [signoff('communications'), signoff('legal')])).toBe('pending');
  });

  it('is signed when every required department has a valid sign-off, in any order', () => {
    expect(sectionStatus(section, [signoff('hr'), signoff('communications'), signoff('legal')])).toBe('signed');
  });

  it('is stale when any required sign-off is for other content, even if others are missing', () => {
    expect(sectionStatus(section, [signoff('communications'), signoff('legal', OLD_HASH), signoff('hr')])).toBe('stale');
    expect(sectionStatus(section, [signoff('communications', OLD_HASH)])).toBe('stale');
  });

  it('ignores sign-offs of departments that are not required', () => {
    // An unrequired department cannot complete a section...
    expect(sectionStatus(section, [signoff('communications'), signoff('legal'), signoff('marketing')])).toBe('pending');
    // ...and its outdated sign-off (say, from before it was removed as approver) cannot make it stale.
    expect(sectionStatus(section, [signoff('communications'), signoff('legal'), signoff('hr'), signoff('marketing', OLD_HASH)])).toBe('signed');
  });

  it('follows changes to the required departments', () => {
    const signoffs = [signoff('communications'), signoff('legal')];
    expect(sectionStatus({ ...section, approvers: ['legal'] }, signoffs)).toBe('signed');
    expect(sectionStatus({ ...section, approvers: ['legal', 'it'] }, signoffs)).toBe('pending');
  });
});

describe('policyStatus', () => {
  it('is pending for a policy without sections', () => {
    expect(policyStatus([])).toBe('pending');
  });

  it('is endorsed when every section is signed', () => {
    expect(policyStatus(['signed'])).toBe('endorsed');
    expect(policyStatus(['signed', 'signed', 'signed'])).toBe('endorsed');
  });

  it('is pending while some section is pending and none is stale', () => {
    expect(policyStatus(['signed', 'pending'])).toBe('pending');
    expect(policyStatus(['pending', 'pending'])).toBe('pending');
  });

  it('is stale when any section is stale', () => {
    expect(policyStatus(['signed', 'stale', 'signed'])).toBe('stale');
    expect(policyStatus(['pending', 'stale'])).toBe('stale');
    expect(policyStatus(['stale'])).toBe('stale');
  });
});

describe('signoffViews', () => {
  it('shows the required departments’ sign-offs in the order they are required, with validity', () => {
    const views = signoffViews(section, [signoff('hr', OLD_HASH), signoff('communications')]);
    expect(views).toEqual([
      { ...signoff('communications'), valid: true },
      { ...signoff('hr', OLD_HASH), valid: false },
    ]);
  });

  it('leaves out sign-offs of departments that are not required', () => {
    const views = signoffViews(section, [signoff('marketing'), signoff('legal')]);
    expect(views.map((view) => view.department)).toEqual(['legal']);
  });

  it('keeps who signed, when, and their comment', () => {
    const [view] = signoffViews({ owner: 'it', approvers: [], hash: HASH }, [signoff('it', HASH, { userName: 'Ivo', at: '2031-05-06T07:08:09.000Z', comment: 'Checked.' })]);
    expect(view).toEqual({ department: 'it', userId: 'it-user', userName: 'Ivo', at: '2031-05-06T07:08:09.000Z', hash: HASH, comment: 'Checked.', valid: true });
  });

  it('is empty when nobody has signed', () => {
    expect(signoffViews(section, [])).toEqual([]);
  });
});

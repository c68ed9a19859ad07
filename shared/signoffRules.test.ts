import { describe, expect, it } from 'vitest';
import {
  DEPARTMENT_STATE_WORDS,
  departmentSignoff,
  isSignoffValid,
  mustSign,
  policyStatus,
  requiredDepartments,
  sectionStatus,
  signingDepartments,
  signoffState,
  signoffViews,
  STATUS_SYMBOLS,
  STATUS_WORDS,
  type Signoff,
} from './signoffRules';

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

describe('departmentSignoff', () => {
  const views = signoffViews(section, [signoff('communications'), signoff('legal', OLD_HASH)]);

  it('is signed, with the sign-off, while it covers the text', () => {
    expect(departmentSignoff(views, 'communications')).toEqual({ state: 'signed', signoff: { ...signoff('communications'), valid: true } });
  });

  it('is stale, with the sign-off, when it covers an earlier text', () => {
    expect(departmentSignoff(views, 'legal')).toEqual({ state: 'stale', signoff: { ...signoff('legal', OLD_HASH), valid: false } });
  });

  it('is pending for a department that has not signed, or that the section does not know', () => {
    expect(departmentSignoff(views, 'hr')).toEqual({ state: 'pending', signoff: undefined });
    expect(departmentSignoff(views, 'no-such-department')).toEqual({ state: 'pending', signoff: undefined });
    expect(departmentSignoff([], 'communications').state).toBe('pending');
  });
});

describe('mustSign and signingDepartments', () => {
  it('asks the owner and the approvers, nobody else', () => {
    expect(mustSign(section, 'communications')).toBe(true);
    expect(mustSign(section, 'hr')).toBe(true);
    expect(mustSign(section, 'marketing')).toBe(false);
    expect(mustSign(section, '')).toBe(false);
  });

  it('lists every department a policy asks for once, in the order the sections ask', () => {
    const sections = [
      { owner: 'legal', approvers: ['hr', 'legal'] },
      { owner: 'it', approvers: ['legal', 'hr'] },
      { owner: 'legal', approvers: [] },
    ];
    expect(signingDepartments(sections)).toEqual(['legal', 'hr', 'it']);
    expect(signingDepartments([])).toEqual([]);
  });
});

describe('sectionStatus against the departments’ states', () => {
  it('is stale rather than pending when one department’s sign-off is outdated and another has not signed', () => {
    expect(sectionStatus(section, [signoff('legal', OLD_HASH)])).toBe('stale');
  });

  it('counts an owner who is also an approver once', () => {
    expect(sectionStatus({ owner: 'legal', approvers: ['legal'], hash: HASH }, [signoff('legal')])).toBe('signed');
  });

  it('takes the first sign-off of a department listed twice', () => {
    expect(sectionStatus(section, [signoff('communications'), signoff('communications', OLD_HASH), signoff('legal'), signoff('hr')])).toBe('signed');
  });
});

describe('signoffState', () => {
  it('is the status, the views and who must sign, from one call', () => {
    const signoffs = [signoff('hr', OLD_HASH), signoff('communications')];
    expect(signoffState(section, signoffs)).toEqual({
      status: 'stale',
      signoffs: signoffViews(section, signoffs),
      required: ['communications', 'legal', 'hr'],
    });
  });
});

describe('status symbols and words', () => {
  it('gives every status a symbol that tells it apart without colour', () => {
    expect(STATUS_SYMBOLS).toEqual({ endorsed: '✓', signed: '✓', stale: '!', pending: '○' });
    expect(new Set([STATUS_SYMBOLS.signed, STATUS_SYMBOLS.stale, STATUS_SYMBOLS.pending]).size).toBe(3);
  });

  it('has words for every status and a short word for each unsigned department state', () => {
    expect(STATUS_WORDS).toEqual({ endorsed: 'Endorsed', signed: 'Signed', stale: 'Changed since signing', pending: 'Waiting for sign-off' });
    expect(DEPARTMENT_STATE_WORDS).toEqual({ stale: 'changed', pending: 'waiting' });
  });
});
